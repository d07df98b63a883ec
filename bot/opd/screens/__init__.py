"""What the OPD features show: plain values, every text through the catalogs."""
