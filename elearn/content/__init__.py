"""Courses on disk -> parsed, validated, rendered and graded. Deliberately free of Flask, so the
CLI, the app and the tests share one engine."""

from .grading import Grade, QuestionResult, grade, grade_question, unanswered
from .loader import ContentCache, Library
from .model import Audience, Course, Delivery, Module, Option, Problem, Question, Topic

__all__ = [
    "Audience",
    "ContentCache",
    "Course",
    "Delivery",
    "Grade",
    "Library",
    "Module",
    "Option",
    "Problem",
    "Question",
    "QuestionResult",
    "Topic",
    "grade",
    "grade_question",
    "unanswered",
]
