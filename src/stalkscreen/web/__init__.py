"""The web app: FastAPI pages (Jinja2 and htmx) over the store, with sign-in, roles and an audit log.

Every page calls the same package functions as the command line; see docs/web.md.
"""
