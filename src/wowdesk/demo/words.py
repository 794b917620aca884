"""Word lists for the demo data, written for WowDesk.

Plain tuples rather than a fake-data library: the generators draw from them
with their own seeded ``random.Random``, so the same seed always builds the
same data set, and nothing depends on a library's global state or version.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Abigail", "Adebayo", "Aiko", "Alba", "Alejandro", "Amara", "Anders", "Anouk", "Arjun", "Astrid",
    "Beatriz", "Benedikt", "Bongani", "Bruna", "Caius", "Camille", "Chidi", "Clara", "Colm", "Dagny",
    "Dalia", "Darnell", "Delphine", "Dmitri", "Eamon", "Efua", "Elif", "Emeka", "Esme", "Farah",
    "Felipe", "Fenna", "Gideon", "Greta", "Hana", "Hamid", "Hollis", "Idris", "Ines", "Ingrid",
    "Isadora", "Jarrah", "Jonah", "José", "Kalani", "Kasimir", "Keiko", "Lars", "Leilani", "Lucía",
    "Maeve", "Malik", "Marguerite", "Mateo", "Mireille", "Nadia", "Nikolai", "Noor", "Odette", "Oisín",
    "Olamide", "Pavla", "Priya", "Quentin", "Rafael", "Renée", "Rohan", "Rosalind", "Saoirse", "Selin",
    "Sione", "Soren", "Tamsin", "Thandiwe", "Tobias", "Ulla", "Valentina", "Wendell", "Xiomara", "Yusuf",
    "Zainab", "Zoë", "Ambrose", "Bettina", "Cormac", "Dorothea", "Ezra", "Florence", "Hugo", "Imogen",
)  # fmt: skip

LAST_NAMES = (
    "Abernathy", "Adeyemi", "Albrecht", "Alvarado", "Ansah", "Bakshi", "Barros", "Beaumont", "Bergström", "Blackwood",
    "Brennan", "Castellanos", "Chaudhry", "Cristea", "Dahl", "Delacroix", "Dimitriou", "Duarte", "Eklund",
    "Esposito", "Fairweather", "Fonseca", "Galloway", "Gonçalves", "Halvorsen", "Hartmann", "Hayashi", "Herrera",
    "Ibarra", "Iwu", "Jankowski", "Kaminski", "Kavanagh", "Kowalczyk", "Lachance", "Lindgren", "Lucero", "Mahlangu",
    "Marchetti", "McAllister", "Mendoza", "Moreau", "Nakamura", "Nwosu", "Oyelaran", "Pacheco", "Petrović",
    "Quintanilla", "Radcliffe", "Rasmussen", "Rinaldi", "Saavedra", "Sandoval", "Schreiber", "Sørensen", "Takahashi",
    "Thornbury", "Treviño", "Underhill", "Valdés",
    "Vasquez", "Whitcombe", "Wojcik", "Yamada", "Zielinski", "Ashdown", "Birchall", "Carrow", "Dunmore", "Ellery",
)  # fmt: skip

EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "post.example")

# (city, region, country, postal code prefix)
PLACES = (
    ("Portland", "OR", "US", "972"), ("Tucson", "AZ", "US", "857"), ("Raleigh", "NC", "US", "276"),
    ("Madison", "WI", "US", "537"), ("Albuquerque", "NM", "US", "871"), ("Savannah", "GA", "US", "314"),
    ("Boise", "ID", "US", "837"), ("Duluth", "MN", "US", "558"), ("Burlington", "VT", "US", "054"),
    ("Spokane", "WA", "US", "992"), ("Halifax", "NS", "CA", "B3H"), ("Winnipeg", "MB", "CA", "R3C"),
    ("Cork", "", "IE", "T12"), ("Leeds", "", "GB", "LS1"), ("Lyon", "", "FR", "690"),
    ("Porto", "", "PT", "400"), ("Utrecht", "", "NL", "351"), ("Aarhus", "", "DK", "800"),
)  # fmt: skip

STREETS = (
    "Alder Lane", "Birch Street", "Cannery Row", "Dovetail Court", "Elm Terrace", "Foundry Road", "Granary Way",
    "Harbor View", "Ironwood Drive", "Juniper Close", "Kestrel Avenue", "Lamplighter Walk", "Millpond Road",
    "Netherby Street", "Orchard Rise", "Pinecrest Avenue", "Quarry Hill", "Riverside Drive", "Saddleback Way",
)  # fmt: skip

# (description, SKU prefix, price in dollars)
PRODUCTS = (
    ("Trail running shoes", "TRN", 124), ("Leather ankle boots", "ANK", 179), ("Canvas sneakers", "CNV", 58),
    ("Wool-lined slippers", "SLP", 64), ("Waterproof hiking boots", "HKB", 199), ("Ballet flats", "BLF", 79),
    ("Kids' light-up sneakers", "KLS", 46), ("Rain boots", "RNB", 72), ("Nursing clogs", "CLG", 129),
    ("Dress oxfords", "OXF", 155), ("Sandals with arch support", "SND", 89), ("Insulated winter boots", "WNB", 210),
    ("Merino hiking socks", "SCK", 18), ("Leather belt", "BLT", 48), ("Crossbody bag", "BAG", 98),
    ("Court sneakers", "CRT", 92), ("Suede loafers", "LOF", 138), ("Toddler first-walker shoes", "TDL", 39),
)  # fmt: skip

COLORS = ("black", "navy", "chestnut", "olive", "slate grey", "burgundy", "sand", "white", "forest green", "tan")
SIZES = ("5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12", "13")

# Things customers bought somewhere else and still ask us about.
NOT_OUR_PRODUCTS = (
    ("Bicycle helmet from a sports shop", 65),
    ("Garden hose reel", 42),
    ("Gift card from a department store", 50),
    ("Phone case from a kiosk", 25),
)

SOCIAL_NETWORKS = ("x", "instagram", "bluesky", "mastodon", "tiktok", "facebook")

TAGS = (
    "exchange", "return", "sizing", "shipping", "defect", "wrong-item", "gift", "billing",
    "compliment", "address-change", "follow-up", "vip",
)  # fmt: skip

RAPPORT_NOTES = (
    "Training for a half marathon in the spring; asked for cushioning advice.",
    "Has a corgi called Biscuit who chews shoelaces, so prefers slip-ons.",
    "Teaches third grade and is on her feet all day.",
    "Just started a job as a line cook; needs non-slip soles.",
    "Collects vintage postcards; we swapped stories about the oldest one she owns.",
    "Walks the coastal path every Sunday with his father.",
    "Prefers email over phone because of a newborn napping at odd hours.",
    "Building a treehouse with the kids this summer.",
    "Plays cello in a community orchestra; concerts need quiet shoes.",
    "Grows tomatoes on the balcony and promised to report on the harvest.",
    "Nurse on night shifts; call after 2 pm.",
    "Learning Portuguese before a trip to visit family.",
    "Volunteers at an animal shelter on weekends.",
    "Mentioned a bad knee; recommended firmer heel counters.",
    "Likes to chat about football; supports the local second-division side.",
    "Son starts kindergarten in September; shopping for his first school shoes.",
    "Woodworker; asked whether our work boots have a steel toe (they do not).",
    "Celebrating 25 years of marriage this autumn.",
)

LIFE_MOMENT_NOTES = {
    "moving": ("Moving across the country for a new job.", "Moving into a first flat of her own."),
    "new_baby": ("A baby girl arrived last week.", "Twins on the way in the spring."),
    "bereavement": ("Lost his mother in the winter.", "Her husband passed away recently."),
    "illness": (
        "Recovering from knee surgery.",
        "Going through chemotherapy; keep calls short unless she wants to chat.",
    ),
    "birthday": ("Turning 40 and planning a hiking trip.", "Daughter's 10th birthday party next week."),
    "wedding": ("Getting married in June; shoes for the whole wedding party.", "Son's wedding in the autumn."),
    "graduation": ("Graduated as a nurse.", "Finished a master's degree after six years of evening classes."),
    "other": ("Retired after 38 years as a postman.", "Ran a first marathon."),
}

# Personal asides a customer adds to a first message, with how many in a thousand first messages carry each.
# The long tail is deliberate: the benchmark searches for "Zanzibar", about one conversation in a thousand.
ASIDES = (
    ("P.S. Sorry for the long message, it has been one of those weeks.", 40),
    ("P.S. We are off camping next weekend, so fingers crossed.", 25),
    ("P.S. My daughter says hello, she loves your little stickers.", 18),
    ("P.S. The dog chewed the last pair, which is why I am back so soon.", 14),
    ("P.S. I am training for my first half marathon in Duluth.", 10),
    ("P.S. We are moving house in a month, so everything is chaos.", 8),
    ("P.S. These are for my grandad's ninetieth birthday party.", 7),
    ("P.S. Heading to Lisbon for a wedding, so they need to be comfy.", 6),
    ("P.S. I walk the Camino with my sister in the spring.", 5),
    ("P.S. Off to Reykjavik in March, hoping for the northern lights.", 4),
    ("P.S. My husband and I are hiking Kilimanjaro for charity.", 3),
    ("P.S. Our choir is singing in Tallinn this summer.", 2),
    ("P.S. We are sailing to Zanzibar on our honeymoon!", 1),
)
