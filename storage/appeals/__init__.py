"""E-appeals under the Law «Про звернення громадян» and problem reports («Відкрите місто»)."""
