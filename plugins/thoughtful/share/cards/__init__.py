"""Card images: layout, text wrapping, fonts, drawing, and the content-hash cache."""
