from django.apps import AppConfig


class HappinessConfig(AppConfig):
    name = "wowdesk.happiness"
    label = "happiness"
    verbose_name = "Happiness"

    def ready(self) -> None:
        from wowdesk.conversations.followups import register_call_ended_hook, register_resolved_hook
        from wowdesk.happiness.services.surveys import survey_after_call, survey_after_resolution

        # A resolved conversation (and, if the setting says so, an ended call) asks the customer for a grade.
        register_resolved_hook(survey_after_resolution)
        register_call_ended_hook(survey_after_call)
