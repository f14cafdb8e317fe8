"""API schemas: what each resource accepts (Create, Update) and shows (Public)."""
