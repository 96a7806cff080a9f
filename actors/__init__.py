"""Ray actors wrapping the jobscraper core: the writer, the scrape coordinator, the scraper pool.

Nothing is imported here: each actor's process imports the package on its way to the actor's own
module, and a writer or a scraper worker has no use for the coordinator's, Serve's or the matching
model's imports (each is tens of MB in every such process). Import from the modules themselves.
"""
