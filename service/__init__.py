"""The Passerelle web service: API, pages, persistence, command line."""
