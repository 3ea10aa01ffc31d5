"""A course as a SCORM 1.2 package, so a municipality that already runs an LMS can use it there.

`package.py` builds the zip from a loaded course alone (no Flask, no database); `views.py` lets
admins download it. Each module becomes a SCO that grades its own quiz in the browser and reports
completion and score through the host LMS's SCORM 1.2 API."""
