"""Question blocks of a call's questionnaire.

The questionnaire is a StreamField of sections; each section is one step of the
applicant's form and holds question blocks. Every question has a label, a help
text and a ``required`` flag; each type adds the settings its answer is checked
against. The block's StreamField id is the question's stable key.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from organisations.enums import IdentifierKind

from .enums import DocumentType, TerritoryLevel


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=255)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)
    required = blocks.BooleanBlock(
        label=_("Answer required"), required=False, default=True
    )

    class Meta:
        icon = "help"


class ShortTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Maximum length (characters)"), min_value=1, max_value=255, default=255
    )

    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextQuestionBlock(QuestionBlock):
    max_chars = blocks.IntegerBlock(
        label=_("Character limit"), min_value=1, max_value=50000, default=3000
    )

    class Meta:
        label = _("Long text")
        icon = "doc-full"


def _check_bounds(value, low: str, high: str, message) -> None:
    if (
        value.get(low) is not None
        and value.get(high) is not None
        and value[low] > value[high]
    ):
        raise blocks.StructBlockValidationError(
            block_errors={high: ValidationError(message)}
        )


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.IntegerBlock(label=_("Minimum"), required=False)
    max_value = blocks.IntegerBlock(label=_("Maximum"), required=False)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=40)

    class Meta:
        label = _("Number")
        icon = "order"

    def clean(self, value):
        value = super().clean(value)
        _check_bounds(
            value,
            "min_value",
            "max_value",
            _("The maximum must not be below the minimum."),
        )
        return value


class AmountQuestionBlock(QuestionBlock):
    max_amount = blocks.DecimalBlock(
        label=_("Maximum amount (€)"), required=False, min_value=0, decimal_places=2
    )

    class Meta:
        label = _("Amount (€)")
        icon = "tasks"


class DateQuestionBlock(QuestionBlock):
    class Meta:
        label = _("Date")
        icon = "date"


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Choice"), max_length=255),
        label=_("Choices"),
        min_num=2,
    )

    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    max_selected = blocks.IntegerBlock(
        label=_("Maximum number of choices"), required=False, min_value=1
    )

    class Meta:
        label = _("Multiple choice")
        icon = "list-ul"

    def clean(self, value):
        value = super().clean(value)
        if value.get("max_selected") and value["max_selected"] > len(value["choices"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "max_selected": ValidationError(
                        _("The maximum exceeds the number of choices.")
                    )
                }
            )
        return value


class TerritoryQuestionBlock(QuestionBlock):
    level = blocks.ChoiceBlock(
        label=_("Territory level"), choices=TerritoryLevel.choices, default="filiere"
    )
    multiple = blocks.BooleanBlock(
        label=_("Several territories allowed"), required=False
    )

    class Meta:
        label = _("Territory")
        icon = "site"


class IdentifierQuestionBlock(QuestionBlock):
    """A SIRET, SIREN or FINESS number, checked as the organisation form checks it.

    Not for the lead organisation: its identity comes from its organisation.
    """

    identifier = blocks.ChoiceBlock(
        label=_("Identifier"), choices=IdentifierKind.choices, default="siret"
    )

    class Meta:
        label = _("Identifier (SIRET, SIREN, FINESS)")
        icon = "tag"


class BudgetTableQuestionBlock(QuestionBlock):
    """Expenditure lines and income lines (co-financing) by column.

    Each kind is totalled apart; the balance, expenditure less income, is the
    amount requested from the ARS. Answers are stored by line label, so both
    lists together must not repeat a label.
    """

    rows = blocks.ListBlock(
        blocks.CharBlock(label=_("Expenditure line"), max_length=120),
        label=_("Expenditure lines"),
        min_num=1,
    )
    income_rows = blocks.ListBlock(
        blocks.CharBlock(label=_("Income line"), max_length=120),
        label=_("Income lines (co-financing, own funds, other funders)"),
        help_text=_(
            "Resources other than the ARS. The amount requested from the ARS is "
            "the expenditure less these resources."
        ),
        default=[],
        min_num=0,
    )
    columns = blocks.ListBlock(
        blocks.CharBlock(label=_("Column"), max_length=60),
        label=_("Columns (years or funding sources)"),
        min_num=1,
    )

    class Meta:
        label = _("Budget table")
        icon = "table"

    def clean(self, value):
        value = super().clean(value)
        labels = [str(label).strip() for label in value["rows"]]
        labels += [str(label).strip() for label in value.get("income_rows") or []]
        if len(set(labels)) != len(labels):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "income_rows": ValidationError(
                        _("Each line of the budget needs its own label.")
                    )
                }
            )
        return value


class FileQuestionBlock(QuestionBlock):
    allowed_types = blocks.MultipleChoiceBlock(
        label=_("Allowed file types"), choices=DocumentType.choices, default=["pdf"]
    )
    max_size_mb = blocks.IntegerBlock(
        label=_("Size limit (MB)"), min_value=1, max_value=100, default=10
    )

    class Meta:
        label = _("File")
        icon = "doc-empty"


class QuestionStreamBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    number = NumberQuestionBlock()
    amount = AmountQuestionBlock()
    date = DateQuestionBlock()
    choice = ChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    territory = TerritoryQuestionBlock()
    identifier = IdentifierQuestionBlock()
    budget_table = BudgetTableQuestionBlock()
    file = FileQuestionBlock()


class SectionBlock(blocks.StructBlock):
    """One step of the applicant's form."""

    title = blocks.CharBlock(label=_("Step title"), max_length=120)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    questions = QuestionStreamBlock(label=_("Questions"), min_num=1)

    class Meta:
        label = _("Section")
        icon = "folder-open-inverse"


class QuestionnaireBlock(blocks.StreamBlock):
    section = SectionBlock()
