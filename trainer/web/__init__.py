"""The web app: thin blueprints over the services. Built by `trainer.create_app`."""
