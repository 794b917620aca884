from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "wowdesk.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding"
