from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "essexperf.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from essexperf.audit import recording

        recording.connect_signals()
