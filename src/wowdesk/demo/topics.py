"""What ordinary demo conversations are about: subjects, first messages,
replies and notes, with placeholders the generator fills in.

Subjects, openings and replies line up by position (modulo their length),
so a conversation's subject, question and answer belong together.

Placeholders: {first} customer's first name, {rep} the rep's first name,
{product}, {color}, {size}, {order} an order number, {city}.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    key: str
    weight: int
    subjects: tuple[str, ...]
    openings: tuple[str, ...]
    replies: tuple[str, ...]
    followups: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # A ProblemReport kind when the conversation reports a problem with an order.
    problem: str = ""
    channels: dict[str, int] = field(default_factory=dict)


DEFAULT_CHANNELS = {"email": 40, "chat": 20, "phone": 20, "web_form": 12, "social": 5, "letter": 3}

SIGN_OFFS = ("Thanks so much,", "Best wishes,", "Cheers,", "Thank you!", "Kind regards,", "Many thanks,")
GREETINGS = ("Hi there,", "Hello,", "Good morning,", "Hi team,", "Hey,", "Dear WowDesk team,")

REPLY_OPENERS = (
    "Hi {first}, thanks for writing in!",
    "Hello {first}, it's {rep} here.",
    "Hi {first}, lovely to hear from you again.",
    "Thanks for getting in touch, {first}.",
)
# A customer's last word when the topic has no follow-up of its own.
THANKS = (
    "That sorts it, thank you {rep}!",
    "Thanks, that is exactly what I needed to know.",
    "Wonderful, thank you for being so quick.",
    "Great, I'll keep an eye out. Have a good day!",
    "You have been a star, thank you.",
    "All clear now, thanks again.",
)
REPLY_CLOSERS = (
    "If anything else comes up, just reply here and it comes straight back to me. {rep}",
    "Have a wonderful week! {rep}",
    "Talk soon, {rep}",
    "Take care, and enjoy the new pair. {rep}",
)

TOPICS = (
    Topic(
        key="sizing",
        weight=18,
        subjects=(
            "Which size should I pick in the {product}?",
            "Sizing question: {product}",
            "Do the {product} run small?",
        ),
        openings=(
            "I usually wear a {size} but I have read that the {product} run a bit narrow. Should I size up?",
            "My feet are between a {size} and the next half size. Which would you suggest for the {product}?",
            "Could you tell me how the {product} in {color} fit compared to a standard running shoe?",
        ),
        replies=(
            "Most people who sit between sizes are happier going up half a size in the {product}. "
            "If it turns out wrong, the exchange is free and we ship the new pair before the old one comes back.",
            "They fit true to length but a little snug across the top. I would go for the {size}; "
            "returns and exchanges are free for a full year, so there is no risk in trying.",
        ),
        followups=("Perfect, I'll order the {size} then. Thank you!", "That helps a lot, thanks."),
        tags=("sizing",),
    ),
    Topic(
        key="where",
        weight=14,
        subjects=("Where is order {order}?", "My parcel has not arrived", "Tracking not updating for {order}"),
        openings=(
            "My order {order} was supposed to arrive on Tuesday and the tracking has not moved for four days.",
            "The courier says my parcel was delivered but there is nothing at the door or with the neighbours.",
            "I ordered the {product} for a trip on Friday and the package is still not here.",
        ),
        replies=(
            "I am sorry, that is frustrating. I have sent a replacement by overnight shipping at no charge; "
            "if the first parcel turns up, keep it or pass it to a friend.",
            "I checked with the carrier and the parcel seems to be lost. A new pair is on its way today and "
            "you will have it before your trip.",
        ),
        followups=("The new pair arrived this morning. You are amazing!", "Got it, thank you for the quick help."),
        notes=("Carrier confirmed a scanning gap at the depot; replacement sent overnight.",),
        tags=("shipping",),
        problem="never_arrived",
        channels={"email": 45, "chat": 25, "phone": 20, "web_form": 10},
    ),
    Topic(
        key="lost",
        weight=4,
        subjects=("Parcel lost in transit", "Carrier says my order {order} is lost"),
        openings=("The carrier emailed to say the parcel with order {order} was damaged in their warehouse and lost.",),
        replies=("Thank you for letting us know. A replacement is already packed and I upgraded the shipping.",),
        tags=("shipping",),
        problem="lost_in_transit",
    ),
    Topic(
        key="return",
        weight=16,
        subjects=("Return for the {product}", "How do I send these back?", "Returning order {order}"),
        openings=(
            "The {product} are lovely but not quite right for me. How do I return them?",
            "I would like to return the {color} {product}; the colour looks different in person.",
            "Can I return the {product} even though I wore them around the house once?",
        ),
        replies=(
            "Of course! I have emailed you a prepaid label; drop the box at any post office. "
            "The refund goes back to your card as soon as the carrier scans it.",
            "Absolutely, returns are free for 365 days. Your label is attached, and there is no need to "
            "print it: the post office can scan the code from your phone.",
        ),
        followups=("Label received, thanks!", "Dropped it off today."),
        tags=("return",),
    ),
    Topic(
        key="defect",
        weight=8,
        subjects=("The sole is coming off", "Stitching came loose on my {product}"),
        openings=(
            "After three weeks the sole of my {product} started to separate at the toe.",
            "The stitching on the left shoe has come undone along the heel. They are barely worn.",
        ),
        replies=(
            "That should not happen after three weeks. A new pair is on its way and there is nothing to send back.",
            "I am sorry about that. I have sent a replacement pair and passed the photos to our buying team.",
        ),
        notes=("Photos show glue failure at the toe; flagged to the buyers.",),
        tags=("defect",),
        problem="defective",
    ),
    Topic(
        key="wrong",
        weight=6,
        subjects=("Wrong item in my box", "I received the wrong size"),
        openings=(
            "I ordered the {product} in a {size} and received a completely different shoe.",
            "The box says {size} but the shoes inside are two sizes smaller.",
        ),
        replies=(
            "That is our mistake, and I am sorry. The right pair ships today by express; keep the wrong one "
            "until the courier collects it, no need to pack it.",
        ),
        tags=("wrong-item",),
        problem="wrong_item",
    ),
    Topic(
        key="product",
        weight=12,
        subjects=("Are the {product} waterproof?", "Care instructions for {color} suede", "Are the {product} vegan?"),
        openings=(
            "Will the {product} hold up in heavy rain? I walk to work along the river.",
            "How should I clean the {color} {product}? I spilled coffee on them.",
            "Are the {product} vegan? The page does not say.",
        ),
        replies=(
            "Good question! They are water resistant but not fully waterproof. For daily rain walks I would "
            "look at the waterproof hiking boots instead.",
            "A damp cloth and a little mild soap works well; let them dry away from the radiator.",
            "They are: the upper is a plant-based microfibre and the glue is free of animal products. "
            "I have asked the web team to add that to the page.",
        ),
        channels={"chat": 45, "email": 30, "social": 15, "web_form": 10},
    ),
    Topic(
        key="gift",
        weight=7,
        subjects=("Gift for my dad", "Can you gift wrap?"),
        openings=(
            "My dad turns 70 next month and wears out every pair of slippers. Any ideas?",
            "Can you wrap the {product} and add a note? It is a surprise for my partner.",
        ),
        replies=(
            "What a lovely idea. The wool-lined slippers are the most durable we carry; I added a handwritten "
            "birthday card to the box.",
            "Yes! I have added gift wrapping and your note. The receipt will not show the price.",
        ),
        tags=("gift",),
        channels={"phone": 35, "email": 35, "chat": 30},
    ),
    Topic(
        key="billing",
        weight=6,
        subjects=("Charged twice for {order}", "Question about my refund", "Promo code did not apply"),
        openings=(
            "My card statement shows two charges for order {order}.",
            "I returned the {product} two weeks ago and have not seen the refund yet.",
            "I typed the code from your newsletter at checkout but the total did not change.",
        ),
        replies=(
            "The second charge was a card authorisation that drops off in a few days. I have asked the bank to "
            "release it sooner.",
            "The refund was issued on our side this morning; banks usually show it within three working days.",
            "Sorry about that! The code expired the day before, but I have refunded the difference anyway.",
        ),
        tags=("billing",),
        channels={"email": 50, "phone": 35, "web_form": 15},
    ),
    Topic(
        key="address",
        weight=4,
        subjects=("Change delivery address", "I moved, please update my address"),
        openings=("I just moved to {city}. Can you send order {order} to the new address?",),
        replies=("Done! The courier has the new address and the parcel will arrive on the same day.",),
        tags=("address-change",),
    ),
    Topic(
        key="thanks",
        weight=5,
        subjects=("Thank you!", "Just wanted to say thanks", "You made my week"),
        openings=(
            "I wanted to say thank you to {rep} for the help last week. The boots are perfect.",
            "The handwritten card in my box made me smile all day. Thank you!",
        ),
        replies=("That made our whole team smile. Thank you for taking the time to write!",),
        tags=("compliment",),
        channels={"email": 40, "social": 30, "letter": 15, "web_form": 15},
    ),
)
