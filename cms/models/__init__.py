"""Wagtail pages of the shop and the program: home, program pages, villages, stories, training."""

from cms.models.home import HomeFeaturedProducer, HomeFeaturedProduct, HomeFeaturedStory, HomePage
from cms.models.program import ProgramPage
from cms.models.shop import ShopInfoPage
from cms.models.stories import StoryIndexPage, StoryPage, StoryPageTag
from cms.models.training import CourseCompletion, CourseIndexPage, CoursePage, LessonCompletion, LessonPage
from cms.models.villages import VillageIndexPage, VillagePage, VillagePhoto

__all__ = [
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "HomeFeaturedProducer",
    "HomeFeaturedProduct",
    "HomeFeaturedStory",
    "HomePage",
    "LessonCompletion",
    "LessonPage",
    "ProgramPage",
    "ShopInfoPage",
    "StoryIndexPage",
    "StoryPage",
    "StoryPageTag",
    "VillageIndexPage",
    "VillagePage",
    "VillagePhoto",
]
