"""National-scale data generator and measurements (`make bench-data`, `make bench`)."""
