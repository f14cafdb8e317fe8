"""HTTP routes: parse, authorise, call one function, map errors."""
