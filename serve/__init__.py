"""The Ray Serve application (Api ingress, ExtractionRouter, the two LLM pools).

Nothing is deployed from here yet: the extraction service and the HTTP API are built in their
own issues. The package exists so the layout of DESIGN.md §2 holds from the start.
"""

__all__: list[str] = []
