"""One module per page: its state (what it loads from the API) and its components."""
