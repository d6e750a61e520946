from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed by ``config.settings.bench`` only: its management commands
    generate the benchmark data through the project's services."""

    name = "bench"
    verbose_name = "Benchmarks"
