"""Tell the writer what the share half did, as Pelican tells its own summary."""

import logging

from pelican.log import console


def say(logger: logging.Logger, message: str, *args: object) -> None:
    """Log ``message`` at INFO; when INFO is hidden (Pelican's default), print it instead.

    Pelican prints its "Done: Processed ..." line the same way, so the card
    summary and progress show on a plain `pelican` or `invoke build` run.
    """
    if logger.isEnabledFor(logging.INFO):
        logger.info(message, *args)
    else:
        console.print(message % args, markup=False, highlight=False, soft_wrap=True)
