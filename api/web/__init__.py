"""The workspace: server-rendered pages for coordinators, agency clerks and analysts.

:func:`api.web.workspace.install_workspace` mounts it on the API application.
"""
