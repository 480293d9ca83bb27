"""Build-time integration with Reflex: plugins that run after the frontend build."""
