"""The new services that take bounded contexts over from the monolith (inventory first).

`web` holds the small HTTP toolkit every sample app shares (the monolith too): the JSON error
envelope, bounded and validated request bodies, graceful serving.
"""
