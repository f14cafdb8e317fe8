"""Tools around the service: the full command line (service, seeds, benchmarks) and the benchmarks."""
