from rest_framework.routers import SimpleRouter

from applications.api.views import DeclarationViewSet, DocumentViewSet

router = SimpleRouter()
router.register("declarations", DeclarationViewSet, basename="api-declaration")
router.register("documents", DocumentViewSet, basename="api-document")

urlpatterns = router.urls
