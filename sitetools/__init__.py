"""The tested functions behind tasks.py: building, cleaning, checking, deploying."""
