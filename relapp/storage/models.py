"""Peewee models over the schema the migrations create (migrations own the DDL)."""

from __future__ import annotations

import peewee as pw

database_proxy = pw.DatabaseProxy()


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class PersonModel(BaseModel):
    id = pw.AutoField()  # peewee's default key, declared so its type is known
    display_name = pw.TextField()
    sort_name = pw.TextField()
    given_name = pw.TextField(default="")
    family_name = pw.TextField(default="")
    nickname = pw.TextField(default="")
    organisation = pw.TextField(default="")
    title = pw.TextField(default="")
    birthday_month = pw.IntegerField(null=True)
    birthday_day = pw.IntegerField(null=True)
    birthday_year = pw.IntegerField(null=True)
    met_on = pw.TextField(null=True)
    met_how = pw.TextField(default="")
    preferred_channel = pw.TextField(null=True)
    avoid_channels = pw.TextField(default="")
    cadence_days = pw.IntegerField(null=True)
    notes = pw.TextField(default="")
    created_at = pw.IntegerField()
    updated_at = pw.IntegerField()
    archived_at = pw.IntegerField(null=True)
    last_contact_at = pw.IntegerField(null=True)

    class Meta:
        table_name = "person"


class PersonPhotoModel(BaseModel):
    person = pw.ForeignKeyField(PersonModel, primary_key=True, column_name="person_id")
    data = pw.BlobField()

    class Meta:
        table_name = "person_photo"


class ContactPointModel(BaseModel):
    id = pw.AutoField()  # peewee's default key, declared so its type is known
    person = pw.ForeignKeyField(PersonModel, column_name="person_id", backref="contact_points")
    kind = pw.TextField()
    label = pw.TextField(default="")
    value = pw.TextField()
    key = pw.TextField()
    position = pw.IntegerField(default=0)

    class Meta:
        table_name = "contact_point"


class TagModel(BaseModel):
    id = pw.AutoField()  # peewee's default key, declared so its type is known
    name = pw.TextField(unique=True)

    class Meta:
        table_name = "tag"


class PersonTagModel(BaseModel):
    person = pw.ForeignKeyField(PersonModel, column_name="person_id")
    tag = pw.ForeignKeyField(TagModel, column_name="tag_id")

    class Meta:
        table_name = "person_tag"
        primary_key = pw.CompositeKey("person", "tag")


class InteractionModel(BaseModel):
    id = pw.AutoField()  # peewee's default key, declared so its type is known
    occurred_at = pw.IntegerField()
    channel = pw.TextField()
    direction = pw.TextField()
    kind = pw.TextField(default="ordinary")
    summary = pw.TextField(default="")
    notes = pw.TextField(default="")
    created_at = pw.IntegerField()

    class Meta:
        table_name = "interaction"


class InteractionPersonModel(BaseModel):
    interaction = pw.ForeignKeyField(InteractionModel, column_name="interaction_id")
    person = pw.ForeignKeyField(PersonModel, column_name="person_id")
    person_id: int  # the key itself, without loading the person (peewee's object id)
    occurred_at = pw.IntegerField()

    class Meta:
        table_name = "interaction_person"
        primary_key = pw.CompositeKey("interaction", "person")


ALL_MODELS: list[type[BaseModel]] = [
    PersonModel,
    PersonPhotoModel,
    ContactPointModel,
    TagModel,
    PersonTagModel,
    InteractionModel,
    InteractionPersonModel,
]
