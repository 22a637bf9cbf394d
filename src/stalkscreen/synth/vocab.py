"""Word lists for synthetic people and places. Every combination is invented: common UK first
names and surnames drawn at random, on made-up streets in a made-up force area."""

from __future__ import annotations

FORCE = "Mercia Vale"

FEMALE_NAMES = (
    "Olivia Amelia Isla Ava Mia Sophia Grace Lily Freya Emily Ella Charlotte Evie Poppy Isabella "
    "Jessica Sophie Alice Ruby Daisy Scarlett Chloe Lucy Holly Hannah Megan Rebecca Laura Sarah "
    "Emma Claire Nicola Michelle Joanne Karen Lisa Rachel Amy Gemma Kelly Louise Zoë Natalie "
    "Victoria Samantha Elizabeth Catherine Katherine Margaret Susan Jennifer Patricia Deborah "
    "Stephanie Abigail Jacqueline Christine Alexandra Danielle Kirsty Leanne Shannon Jade Aisha "
    "Fatima Priya Amira Zainab Maryam Niamh Siobhan Bethan Siân Rhiannon Kayleigh Tamsin Imogen"
).split()
MALE_NAMES = (
    "Oliver George Harry Noah Jack Leo Arthur Oscar Charlie Jacob Thomas James William Henry "
    "Alfie Joshua Freddie Archie Daniel Samuel Joseph Benjamin Matthew Robert Richard Michael "
    "David Christopher Andrew Anthony Stephen Mark Paul Peter Edward Jonathan Nicholas Patrick "
    "Timothy Alexander Frederick Gary Lee Dean Wayne Craig Darren Jason Ryan Liam Connor Kieran "
    "Callum Jamie Ashley Luke Nathan Adam Scott Shaun Carl Mohammed Ahmed Imran Bilal Hassan "
    "Tariq Rhys Dylan Gareth Owen Declan Sean Ciaran Kyle Brandon Jordan Reece"
).split()

NICKNAMES = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"], "Richard": ["Rich", "Dick", "Ricky"],
    "Michael": ["Mike", "Mick"], "David": ["Dave", "Davy"], "Christopher": ["Chris"], "Andrew": ["Andy", "Drew"],
    "Anthony": ["Tony", "Ant"], "Stephen": ["Steve"], "Edward": ["Ed", "Eddie", "Ted"], "James": ["Jim", "Jimmy", "Jamie"],
    "Thomas": ["Tom", "Tommy"], "Joseph": ["Joe", "Joey"], "Benjamin": ["Ben"], "Matthew": ["Matt"],
    "Daniel": ["Dan", "Danny"], "Samuel": ["Sam"], "Jonathan": ["Jon", "Jonny"], "Nicholas": ["Nick", "Nicky"],
    "Patrick": ["Pat", "Paddy"], "Timothy": ["Tim"], "Alexander": ["Alex", "Sandy"], "Frederick": ["Fred", "Freddie"],
    "Henry": ["Harry", "Hal"], "Joshua": ["Josh"], "Mohammed": ["Mo"], "Nathan": ["Nat"], "Callum": ["Cal"],
    "Catherine": ["Kate", "Cathy", "Katie"], "Katherine": ["Kate", "Kathy", "Kat"], "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Margaret": ["Maggie", "Peggy", "Meg"], "Susan": ["Sue", "Susie"], "Jennifer": ["Jen", "Jenny"],
    "Patricia": ["Pat", "Trish"], "Deborah": ["Debbie", "Deb"], "Stephanie": ["Steph"], "Abigail": ["Abi", "Abby"],
    "Jacqueline": ["Jackie"], "Christine": ["Chris", "Chrissie"], "Alexandra": ["Alex", "Lexi"],
    "Samantha": ["Sam", "Sammy"], "Victoria": ["Vicky", "Tori"], "Rebecca": ["Becky", "Becca"],
    "Nicola": ["Nicky"], "Isabella": ["Bella", "Izzy"], "Charlotte": ["Charlie", "Lottie"], "Jessica": ["Jess"],
    "Danielle": ["Dani"], "Natalie": ["Nat"],
}

SURNAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson "
    "Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner "
    "Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott "
    "Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson "
    "Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams "
    "Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell "
    "Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens "
    "Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews "
    "Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson "
    "Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells "
    "Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe "
    "Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson "
    "Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry "
    "Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton "
    "Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss "
    "McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle "
    "Wallace George Jordan Hutchinson Rahman Chaudhry Nowak Kowalski Mensah Okafor Adeyemi Abbott"
).split()

STREET_NAMES = (
    "Church Station Victoria Green Manor Park Queens Kings Grange Mill New High Albert Alexandra "
    "York Windsor Springfield Highfield Meadow Orchard Chestnut Willow Beech Elm Oak Ash Hawthorn "
    "Rowan Sycamore Holly Laburnum Cedar Maple Larch Hazel Birch Poplar Cherry Primrose Bluebell "
    "Clarence Stanley Cromwell Nelson Wellington Milton Shakespeare Tennyson Byron Chaucer Darwin "
    "Newton Faraday Brunel Telford Stephenson Wordsworth Keats Shelley Blake Hardy Austen Bronte "
    "Dickens Trinity Abbey Priory Chapel Castle Bridge Brook River Canal Lock Wharf Quarry Forge "
    "Tannery Foundry Granary Malt Barley Wheat Rye Heath Moor Fell Dale Vale Ridge Hill Crest "
    "Croft Farm Stable Paddock Cottage Lodge Hall Rectory Vicarage Glebe School College Market"
).split()
STREET_SUFFIXES = ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent", "Grove", "Place",
                   "Gardens", "Court", "Terrace", "Walk", "Rise", "Mews"]

# (town, postcode area); the areas are real two-letter shapes but the force area is invented.
TOWNS = [
    ("Ashbury", "AB"), ("Brackenford", "BF"), ("Colton Vale", "CV"), ("Dunmere", "DM"), ("Elmstead", "EL"),
    ("Foxhollow", "FH"), ("Greyminster", "GM"), ("Hartwell", "HW"), ("Ironbridge Heath", "IH"),
    ("Kingsmoor", "KM"), ("Lydford", "LY"), ("Marlow Cross", "MX"), ("Northgate", "NG"), ("Oakenshaw", "OK"),
    ("Pennington", "PN"), ("Redcastle", "RC"), ("Stowbridge", "SB"), ("Thornbury Vale", "TV"),
    ("Upperwood", "UW"), ("Westerham Moor", "WM"),
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the inward code never uses C I K M O V

EMAIL_DOMAINS = ["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "icloud.com", "btinternet.com",
                 "live.co.uk", "hotmail.com", "sky.com", "aol.com"]

OFFICERS = [f"{rank} {num}" for rank, num in (
    ("PC", 1043), ("PC", 2218), ("PC", 3390), ("PC", 4127), ("PC", 5562), ("PC", 6081), ("DC", 7114),
    ("DC", 7290), ("DC", 8032), ("DS", 1187), ("DS", 2675), ("PS", 3341), ("PS", 4408), ("PC", 9925),
    ("PC", 8870), ("DC", 6633), ("PSE", 5120), ("DI", 1450))]

PLACEHOLDER_NAMES = ["UNKNOWN", "N/K", "NK", "UNK"]
