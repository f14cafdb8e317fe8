"""Data generators: the Hauts-de-France demo network and national-scale benchmark catalogues."""
