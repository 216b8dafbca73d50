from django.contrib import admin

from .models import Post, Subscription, Thread


class PostInline(admin.TabularInline[Post, Thread]):
    model = Post
    extra = 0
    fields = ["number", "author", "body", "hidden", "removed_at"]
    raw_id_fields = ["author", "quote"]
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ["title", "community", "author", "post_count", "last_post_at", "resolved_at"]
    list_filter = ["community"]
    search_fields = ["title"]
    raw_id_fields = ["community", "skill", "meetup", "material", "author", "answer"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ["thread", "number", "author", "created_at", "hidden", "removed_at"]
    list_filter = ["hidden"]
    raw_id_fields = ["thread", "author", "quote", "hidden_by"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    list_display = ["thread", "user", "active"]
    raw_id_fields = ["thread", "user"]
