"""Where things are and how long it takes a youth to get there, offline."""
