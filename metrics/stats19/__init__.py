"""Road casualty records (STATS19): reading the DfT's files, importing them, and the KSI
tables computed from them."""
