"""Editors' tools: `make check`, `make fix` and `make new`, without building the site.

Not a Pelican plugin (it is not in PLUGINS): a command-line package run as
`python plugins/portal_check <command>` (or `python -m portal_check` with plugins/ on the
path). It reuses the build's own rules — portal_reader's validation, the registries of
portal_site and portal_taxonomy, portal_site's URL check — so a file that passes
`make check` is one the build accepts, and adds what only an editor's check needs: text
hygiene (Unicode form, tone placement of registered names, legacy font encodings),
readable images and the list of scheduled articles.

Modules: project (settings, file list, registries), check (one file; the whole run),
hygiene, images, fix, new, cli.
"""
