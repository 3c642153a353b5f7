from django.urls import path

from sps.www.common import generated_files

app_name = "files"
urlpatterns = [
    path("<int:pk>/", generated_files.generated_file_detail, name="detail"),
    path("<int:pk>/telecharger/", generated_files.generated_file_download, name="download"),
]
