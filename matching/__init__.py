"""Pure matching: plain data in, ranked and explained results out. No I/O, no clock."""
