from django.urls import path

from hjemmekontor.surveys import answering, views

app_name = "surveys"

urlpatterns = [
    path("runder/", views.round_list, name="rounds"),
    path("runder/ny/", views.round_create, name="round-create"),
    path("runder/<int:pk>/", views.round_detail, name="round"),
    path("runder/<int:pk>/send/", views.round_send, name="round-send"),
    path("runder/<int:pk>/paaminn/", views.round_remind, name="round-remind"),
    path("runder/<int:pk>/steng/", views.round_close, name="round-close"),
    path("runder/<int:pk>/forleng/", views.round_extend, name="round-extend"),
    path("runder/<int:pk>/lenker.csv", views.round_links, name="round-links"),
    path("runder/<int:pk>/brev.pdf", views.round_letters, name="round-letters"),
    path("runder/<int:pk>/eksport/<str:kind>.<str:fmt>", views.round_export, name="round-export"),
    path("skjema/", views.instrument_list, name="instruments"),
    path("skjema/<str:key>/", views.instrument_preview, name="instrument"),
]

# The respondent's URLs live outside the namespace so that links stay short.
answer_urlpatterns = [
    path("svar/takk/", answering.answer_thanks, name="answer-thanks"),
    path("svar/<str:token>/", answering.answer_start, name="answer-start"),
    path("svar/<str:token>/send/", answering.answer_review, name="answer-review"),
    path("svar/<str:token>/<int:step>/", answering.answer_section, name="answer-section"),
]
