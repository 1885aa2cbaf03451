"""The course as a folder: release notebooks, execute them, grade submissions (the work behind ``dlcourse``)."""

__all__ = ["Course", "CourseError"]


def __getattr__(name: str):
    # Imported on first use: every graded kernel starts through dl_helpers.course.kernel_launcher,
    # which must not pay for nbformat (and jsonschema, seconds of start-up) on each start.
    if name in __all__:
        from dl_helpers.course import layout

        return getattr(layout, name)
    raise AttributeError(f"module 'dl_helpers.course' has no attribute {name!r}")
