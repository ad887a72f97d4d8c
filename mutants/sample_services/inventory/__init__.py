"""The inventory service: the inventory bounded context, on its own database and schema.

It answers the same public contract as the monolith's inventory routes (`contract`), stores
stock in its own differently shaped tables (`schema`), and records a domain event in an outbox
in the same transaction as every write (`events`, `stock`).
"""
