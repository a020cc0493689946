"""An LLM negotiator in a few lines: render the view as a prompt, ask the model, parse the reply.

`ask_model` is a stub standing in for a language model (no network): it answers like one
would, in text. Replace it with a call to your model; the rest stays. Run from the source tree:
    PARLEY_LIBRARY=build/libparley.so python3 python/examples/llm_negotiator.py
"""
import os
import sys

import parley

SYSTEM = "You negotiate for your side. Answer only in the form the briefing asks for."


def ask_model(prompt):
    """Stub model: asks for its best package early and concedes by rounds; accepts anything
    worth at least 0.7 to it. It reads only the prompt text, as a real model would."""
    if "Reply with one word" in prompt:
        worth = float(prompt.split("On the table:")[1].split("(worth ")[1].split(" ")[0])
        return "accept" if worth >= 0.7 else "reject"
    if "refused" in prompt:
        return "walkout"
    rnd = int(prompt.split(" Round ")[1].split(";")[0])
    return PACKAGES[min((rnd - 1) // 3, len(PACKAGES) - 1)]


PACKAGES = [  # what the stub "model" writes, most ambitious first (Laptop domain, buyer)
    '{"Laptop": "Macintosh", "Harddisk": "120 Gb", "External Monitor": "23\'\' LCD"}',
    "Laptop: HP, Harddisk: 120 Gb, External Monitor: 23'' LCD",
    "Laptop: HP, Harddisk: 80 Gb, External Monitor: 19'' LCD",
]


class LLMNegotiator:
    def __init__(self, model=ask_model):
        self.model = model
        self.transcript = []

    def _ask(self, view):
        prompt = SYSTEM + "\n\n" + view.render()
        reply = self.model(prompt)
        self.transcript.append((prompt, reply))
        return reply

    def propose(self, view):
        return parley.parse_reply(self._ask(view), view.scenario)

    def respond(self, view, offer):
        return parley.parse_reply(self._ask(view), view.scenario) == "accept"


def main(domain):
    with parley.load(domain) as sc:
        llm = LLMNegotiator()
        result = sc.simulate(protocol="sao", rounds=20,
                             strategies={sc.parties[0]: llm, sc.parties[1]: "conceder"})
        print(llm.transcript[0][0])
        print("model:", llm.transcript[0][1])
        print(f"\n{result.end} in round {result.round}: {result.outcome}")
        print({a: round(u, 3) for a, u in result.utility.items()})
        return result


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(here, "..", "..", "..", "shared", "data", "genius", "y2011", "Laptop"))
