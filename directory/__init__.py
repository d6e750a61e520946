"""The annuaire numérique: the palliative-care services of a region, their
indicators and the recognised filières (design: Public results and the directory)."""
