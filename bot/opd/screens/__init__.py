"""What the OPD desk shows: plain values in, Screens out."""
