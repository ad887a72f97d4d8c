"""The sample e-commerce monolith: customers, inventory, orders in one database.

The inventory bounded context is the one being strangled out: its routes answer the public
inventory contract (`sample_services.inventory.contract`), and the order module reaches
inventory only through `inventory_port`, which can be switched to the inventory service's API.
"""
