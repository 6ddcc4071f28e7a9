"""The demo database's stories, one module each, as plain data (see ``relapp.demo.content``)."""
