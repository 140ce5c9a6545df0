"""Help menu, About dialog (version, Python and Qt, bundled components and their licences) and
the application icon."""
