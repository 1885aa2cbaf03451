"""The course as a folder: release notebooks, execute them, grade submissions (the work behind ``dlcourse``)."""

from dl_helpers.course.layout import Course, CourseError

__all__ = ["Course", "CourseError"]
