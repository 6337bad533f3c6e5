"""The export's two failures, apart so rendering and the metadata written into its files can raise them without a cycle."""


class ChromiumMissing(RuntimeError):
    """No Chromium to draw static images with. HTML and CSV exports do not need one."""


class RenderError(RuntimeError):
    """Chromium was found but could not draw the image."""
