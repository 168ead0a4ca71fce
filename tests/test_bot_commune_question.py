from botharness import answers_to, say, settled, raw_text_of
from sqlalchemy import select
from people.persons import Person


async def show(server, person, text):
    items = await answers_to(server, person, text)
    print("\n>>>", text)
    for item in items:
        print(item["method"], repr(raw_text_of(item)))
        print("   params markup:", item["params"].get("reply_markup"))
    print("   keyboard:", server.reply_keyboard(person))


async def test_explore(bot, seeded):
    server, app = bot
    p = server.user(7001, "Amina", language_code="fr")
    await show(server, p, "je cherche le CPAS")
    await show(server, p, "cours de FLE le soir")
    p = server.user(7002, "Amina", language_code="fr")
    await show(server, p, "où est le bureau d'accueil")
    await show(server, p, "Je ne sais pas")
    p = server.user(7003, "Amina", language_code="fr")
    await show(server, p, "où est le bureau d'accueil")
    await show(server, p, "Gemblou")
    await show(server, p, "je cherche le CPAS")
    p = server.user(7004, "Amina", language_code="fr")
    await show(server, p, "je cherche le CPAS")
    await server.send_location(p, 50.30, 5.10)
    await show(server, p, "/help")
    await settled(server, app)
    async with seeded() as s:
        for row in (await s.scalars(select(Person))).all():
            print(row.id, row.flow, row.payload, row.commune_id, row.commune_asked_at)
    assert False
