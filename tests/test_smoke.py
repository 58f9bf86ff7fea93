from tests.harness import BotEnv


async def test_walk(env: BotEnv) -> None:
    olena = env.resident()
    print(await olena.send("/start"))
    print(olena.buttons())
    print(await olena.click("Погоджуюсь"))
    print(await olena.click("Українська"))
    print(olena.buttons())
    print(await olena.click("Калинівка"))
    print(olena.buttons())
    print(await olena.click("Моя громада"))
    print(await olena.click("старостинський"))
    print(await olena.send("/mydata"))
