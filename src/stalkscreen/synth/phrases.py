"""Sentence templates for narratives, written the way officers write them. Placeholders:
{he} {him} {his} the suspect; {she} {vobj} {vpos} the victim (IP); {n} a count of messages;
{k} a small count; {period} a span; {app} a platform; {place} somewhere the IP goes; {day}; {time}.
Campaign behaviour sentences avoid the words stalk/harass: they appear only in EXPLICIT."""

OPEN = [
    "IP attended front counter to report ongoing issues with {his} behaviour.",
    "Call from IP re ex. states {he} has been in contact again.",
    "VIW at IP home address. IP reports concerns re susp.",
    "IP called 101 to report unwanted contact from susp.",
    "ip rang in distressed, reports susp has been contacting {vobj} again",
    "Report via online form, callback made to IP by OIC.",
    "IP's mother called on IP's behalf re susp's behaviour towards {vobj}.",
    "Attended IP address following 999 call approx {time}.",
    "IP reports further incident involving susp, see previous logs.",
    "Officers flagged down by IP in town centre re male who keeps turning up.",
    "IP attended station with screenshots on {vpos} phone.",
    "IP reports that susp has made contact despite being asked not to.",
]

RELATIONSHIP = {
    "ex_partner": [
        "IP and susp were in a rel for approx {k} yrs, sep {k} months ago, IP ended it.",
        "susp is IP's ex bf, rel ended {k} months ago, no children together.",
        "IP and susp have a child together, rel ended {k} months ago, IP wants no contact outside arrangements.",
        "ex partner of IP. IP moved out of shared address {k} months ago.",
        "IP split from susp {k} months ago after {k} yrs together, susp not accepting it is over.",
    ],
    "partner": [
        "susp is IP's current partner, they do not live together.",
        "IP in a rel with susp for approx {k} yrs, states things have got worse {period}.",
    ],
    "acquaintance": [
        "susp is known to IP through a friend, they went on {k} dates {k} months ago.",
        "IP met susp at a party, has made it clear {she} is not interested.",
        "susp is a former friend of IP, fell out {k} months ago.",
        "susp known to IP from the gym, IP turned down a date with {him}.",
    ],
    "stranger": [
        "IP does not know susp, describes a male approx 30-40 yrs, slim build.",
        "susp unknown to IP prior to {k} months ago, first noticed {him} on the bus.",
        "IP does not know who susp is, believes {he} lives locally.",
    ],
    "online_only": [
        "IP has never met susp in person, they spoke on {app} for a few weeks.",
        "susp contacted IP via {app} {k} months ago, IP does not know {him} offline.",
        "IP matched with susp on a dating app, chatted for a while, never met.",
    ],
    "family": [
        "susp is IP's brother in law, family fell out {k} months ago.",
        "susp is IP's cousin, there has been a family dispute.",
        "susp is IP's adult son, IP asked {him} to leave the house {k} months ago.",
    ],
    "colleague": [
        "susp is a colleague of IP, works in a different team at {vpos} workplace.",
        "susp is IP's former manager, IP left the job {k} months ago.",
        "IP and susp work at the same warehouse, IP reported {him} to HR.",
    ],
    "neighbour": [
        "susp lives {k} doors down from IP.",
        "susp is IP's neighbour in the flat above.",
        "susp lives on the same street, IP has lived there {k} yrs.",
    ],
}

BEHAVIOUR = {
    "messages": [
        "susp has sent IP {n} msgs {period}, IP has not replied to any.",
        "IP has received approx {n} txts from susp in the last week alone.",
        "{n} msgs on {app} overnight, mix of begging to get back together and abuse.",
        "susp keeps messaging IP from different numbers after IP blocked {him}.",
        "IP showed me {vpos} phone, {n} missed calls and {n} msgs from susp since {day}.",
        "susp sent a long email to IP's work account, then another x{k} the next day.",
        "IP blocked susp on {app} but {he} set up a new account and messaged again.",
    ],
    "calls": [
        "susp calls IP repeatedly, {n} calls in one evening, some withheld.",
        "silent calls to IP's mobile most nights approx {time}, IP believes it is susp.",
        "susp rings IP's landline and hangs up, x{k} on {day}.",
    ],
    "home": [
        "susp turned up at IP's home address on {day} at approx {time} and banged on the door.",
        "susp has attended IP's address x{k} {period}, IP does not answer.",
        "IP saw susp sat in {his} car outside {vpos} house again on {day}.",
        "susp left a note through IP's letterbox saying {he} just wants to talk.",
        "neighbours have seen susp walking up and down the road outside IP's house.",
    ],
    "work": [
        "susp turned up at IP's workplace and asked colleagues where {she} was.",
        "susp has been waiting outside {place} when IP finishes {vpos} shift, x{k} {period}.",
        "IP's manager had to ask susp to leave the premises on {day}.",
    ],
    "following": [
        "IP believes susp followed {vobj} home from {place} on {day}.",
        "IP saw susp behind {vobj} in the supermarket then again in the car park.",
        "susp appeared at {place} shortly after IP arrived, IP had told nobody {she} was going.",
        "susp drove behind IP's car for approx 3 miles before turning off.",
    ],
    "watching": [
        "susp seen sat on the wall opposite IP's house watching the windows.",
        "IP has noticed susp outside {place} at the same time every week.",
        "neighbour's ring doorbell shows susp standing across the road for approx 40 mins.",
        "susp mentioned in a msg what IP was wearing that day.",
    ],
    "tracking": [
        "IP found an AirTag taped inside the wheel arch of {vpos} car.",
        "IP received an alert on {vpos} phone that an unknown AirTag was moving with {vobj}.",
        "susp seems to know where IP is, IP found a tracking app on {vpos} phone.",
        "susp had shared location on IP's phone turned on without {vpos} knowledge.",
        "IP checked {vpos} phone settings and found Find My shared with susp's account.",
    ],
    "spyware": [
        "IP believes susp has accessed {vpos} {app} account, password changed and msgs read.",
        "susp quoted private msgs IP had sent to a friend, IP thinks {vpos} phone has spyware.",
        "IP's email account logged in from an unknown device, susp knew details only in the emails.",
        "susp still has the password to IP's icloud and has been looking at {vpos} photos.",
    ],
    "fake_profiles": [
        "susp has set up fake {app} profiles to follow IP after being blocked x{k}.",
        "a new account with no photo keeps viewing IP's stories, IP believes it is susp.",
        "fake profile in IP's name created on {app} using {vpos} photos.",
    ],
    "publishing": [
        "susp posted about IP on {app} calling {vobj} a liar and naming {vpos} workplace.",
        "susp has shared private photos of IP in a group chat.",
        "posts about IP have appeared on a local community page, IP believes susp wrote them.",
    ],
    "third_party": [
        "susp has contacted IP's mum and sister asking where IP is living now.",
        "susp messaged IP's new partner on {app} with threats.",
        "IP's friends have been receiving msgs from susp asking about {vobj}.",
        "susp went to IP's parents' house on {day} and refused to leave.",
        "susp has been contacting IP's employer making allegations about {vobj}.",
    ],
    "gifts": [
        "flowers left on IP's doorstep with a card from susp, IP had asked {him} to stop.",
        "susp has sent parcels to IP's address x{k} {period}, IP did not order anything.",
        "a teddy and a letter left on IP's car windscreen on {day}.",
        "takeaway food ordered to IP's address in the early hours, IP believes susp ordered it.",
    ],
    "property": [
        "IP's car tyres were let down overnight, same happened {period}.",
        "IP's wing mirror smashed on {day}, IP believes it was susp.",
        "susp took IP's spare key when {he} left and IP thinks {he} has been in the house.",
        "IP's bins have been tipped over and plant pots smashed x{k} {period}.",
    ],
    "threats": [
        "in one msg susp said IP would regret it and {he} knows where {she} lives.",
        "susp said if {he} cannot have IP no one can.",
        "susp threatened to turn up at IP's work and cause a scene.",
        "susp told IP {he} would hurt {vpos} new partner.",
        "msg from susp said 'you will see what happens'.",
    ],
}

REPEAT = [
    "This has been going on {period}.",
    "IP states it is every day now.",
    "same again as previous reports, IP says it is getting worse.",
    "IP says it has happened at least x{k} {period}.",
    "this is the {k}th time IP has reported this.",
    "IP kept a log, entries nearly every day {period}.",
    "contact is constant, IP cannot go a day without hearing from {him}.",
    "happening again despite words of advice given to susp last time.",
]

IMPACT = [
    "IP very distressed, has changed {vpos} route to work.",
    "IP not sleeping, has had locks changed.",
    "IP is scared to leave the house on {vpos} own.",
    "IP has stopped going to {place}.",
    "IP tearful throughout, states {she} is constantly looking over {vpos} shoulder.",
    "IP has moved to stay with family as {she} no longer feels safe at home.",
    "IP frightened of what susp will do next.",
    "IP has taken time off work due to the stress.",
]

EXPLICIT = [
    "IP feels {she} is being stalked.",
    "IP states {she} is being harassed by susp and wants it to stop.",
    "susp's behaviour is a course of conduct amounting to stalking.",
    "Harassment crime recorded, stalking screening to be considered.",
    "IP used the words '{he} is stalking me'.",
    "stalking advice given and IP signposted to stalking advocacy service.",
]

ACTION = [
    "DASH completed, graded {level}.",
    "S-DASH completed with IP.",
    "OIC to contact susp for voluntary interview.",
    "IP advised to keep a diary and screenshot all msgs.",
    "Screenshots obtained and uploaded.",
    "IP given crime ref and advice re 999 if susp attends.",
    "Words of advice given to susp by phone.",
    "PIN served on susp in the past, IP unsure of date.",
    "Enquiries with phone provider to be made.",
    "Safeguarding: TecSOS phone discussed with IP.",
    "VIW, IP's statement taken.",
    "Area search for susp negative.",
    "OIC {officer} to review.",
    "Susp arrested and interviewed, denies.",
]

CLOSE = [
    "Update to follow.",
    "Crime recorded.",
    "IP happy with police action at this time.",
    "Referred to DA team for review.",
    "Tasked to local NPT.",
    "Log closed, crime ref given.",
    "Supervisor review requested.",
]

FILLER = [
    "CCTV enquiries to be made in the area.",
    "House to house completed, nil of note.",
    "No forensic opportunities identified.",
    "IP updated via phone by OIC.",
    "Victim's Code explained to IP.",
    "IP provided with leaflet and contact numbers.",
    "PNC and local checks completed on all parties.",
    "Nil further at this time.",
    "Tasked to day shift for follow up enquiries.",
    "IP given crime reference number.",
    "BWV footage uploaded.",
    "Statement to be obtained from IP at a later date.",
    "Intel submitted.",
    "Crime to be reviewed by the CMU.",
    "IP given the contact details for Victim Support.",
    "OIC will be in touch within 5 working days.",
    "Enquiries ongoing, see investigation log.",
    "Local shops canvassed for CCTV, awaiting footage.",
    "Nothing further to add at this stage.",
    "Investigation plan set by supervisor.",
    "Attending officer's notes uploaded to the record.",
    "IP's details confirmed and updated on the system.",
    "IP consents to sharing details with support services.",
    "Log reviewed by the duty sergeant.",
    "No witnesses identified at the scene.",
    "Scene photographed.",
    "Exhibits booked in to the property store.",
    "IP to send any further information via the online portal.",
    "Crime number and OIC details texted to IP.",
    "IP's preferred contact is by phone after 5pm.",
]

ORDINARY_DETAIL = [
    "IP unable to provide a description of the offender.",
    "no CCTV covering the location.",
    "susp left on foot towards the town centre.",
    "IP has no visible injuries and declined medical attention.",
    "items valued at approx {n}0 pounds.",
    "IP has insurance and needed a crime ref for the claim.",
    "the area is poorly lit and there were few people about.",
    "IP was alone at the time.",
    "IP noticed at approx {time} and called straight away.",
    "IP's partner was also present and gave an account.",
    "IP believes the offender was in their teens.",
    "doorbell footage requested from a neighbour.",
    "IP had been drinking but was coherent.",
    "the offender was described as male, 20s, dark clothing.",
    "IP says nothing like this has happened before.",
]

ORDINARY = {
    "theft": [
        "IP's purse taken from {vpos} handbag whilst in a cafe on {day}.",
        "bike stolen from outside {place}, lock cut.",
        "IP reports phone taken from table at {place} approx {time}.",
        "shoplifting, male left store with approx 40 pounds of meat, staff did not intervene.",
        "parcel taken from IP's doorstep, seen on doorbell camera, unknown male.",
        "IP's car broken into, sat nav and bag taken.",
    ],
    "burglary": [
        "dwelling burglary, rear door forced approx between 0900 and 1700 whilst IP at work.",
        "IP returned home to find window smashed and jewellery taken.",
        "shed broken into overnight, power tools taken.",
        "insecure burglary, front door left unlocked, laptop taken.",
    ],
    "assault": [
        "IP punched once in the face outside {place} by unknown male at approx {time}.",
        "altercation in a pub, susp pushed IP and {he} fell, minor injury.",
        "fight between two males at taxi rank, IP has cut lip.",
        "road rage, susp got out of car and grabbed IP by the collar.",
    ],
    "domestic": [
        "verbal argument at home escalated, susp pushed IP into a door frame.",
        "IP states susp grabbed {vpos} arm during argument about money, red marks visible.",
        "argument between partners after drinking, IP has a bruise to {vpos} arm.",
        "susp smashed IP's phone during an argument, IP locked self in bathroom.",
    ],
    "damage": [
        "IP's car keyed overnight whilst parked on street, no suspects.",
        "window at the community centre smashed, youths seen in the area.",
        "graffiti sprayed on IP's garage door.",
        "IP's fence panel kicked in, believed to be youths coming from the park.",
    ],
    "public_order": [
        "male shouting and swearing in the street, IP felt alarmed.",
        "susp became abusive to shop staff when refused service.",
        "drunk male abusive to door staff outside a bar approx {time}.",
        "verbal altercation on the bus, susp threatened to hit IP.",
    ],
    "one_off_message": [
        "IP received one abusive msg on {app} from an unknown account after a post on a local page.",
        "single threatening voicemail left on IP's phone, IP believes it was a wrong number.",
        "IP received an offensive email after leaving a bad review for a business.",
        "one-off msg from susp after an argument in a group chat, no further msgs.",
    ],
    "neighbour": [
        "ongoing dispute with neighbour over parking, both parties have made allegations.",
        "neighbour shouted at IP over the fence about the height of {vpos} hedge.",
        "dispute over noise, neighbour banged on wall and shouted, IP recorded it.",
        "IP states neighbour is harassing {vobj} over a boundary fence, civil matter advice given.",
        "counter allegations between neighbours re bins and parking, words of advice to both.",
    ],
    "debt": [
        "IP receiving calls from a debt collection company re an unpaid loan, x{k} a day.",
        "creditor has been chasing IP for money owed, letters and calls, IP feels pressured.",
        "IP's ex-landlord keeps phoning re unpaid rent, IP disputes the amount, civil matter.",
    ],
    "child_contact": [
        "susp attended IP's address to collect their child as per the court arranged contact.",
        "dispute over child contact handover, susp was 20 mins late and words were exchanged.",
        "contact with the children is arranged via a family app, susp msgs IP re pick up times only.",
        "IP unhappy that susp brought the child back late, no threats made, family court matter.",
    ],
    "online_spat": [
        "argument on a local {app} group, IP and susp exchanged insults, both have now blocked each other.",
        "IP posted a review and the business owner replied with an abusive comment.",
    ],
    "coercive": [
        "susp controls IP's finances and checks {vpos} bank app daily.",
        "IP states susp decides who {she} can see and takes {vpos} car keys.",
        "susp checks IP's phone every night and gets angry if {she} has spoken to friends.",
    ],
    "sexual": [
        "IP reports being touched inappropriately by a male on a night out.",
        "historic sexual assault reported by IP, susp a former acquaintance.",
    ],
    "computer": [
        "IP's {app} account hacked and used to post scam adverts, unknown offender.",
        "IP's email accessed from abroad, password reset, believed to be a phishing scam.",
    ],
    "breach": [
        "susp attended the address in breach of {his} bail conditions, arrested.",
        "breach of NMO, susp phoned IP once to discuss bills, susp arrested.",
    ],
}

HARD_NEGATIVE = [
    "No contact since the incident.",
    "susp denies following IP and states it was a coincidence.",
    "IP advised to call 999 if {he} turns up again.",
    "IP does not want any further action, no previous issues with susp.",
    "IP confirms there have been no previous incidents and no further msgs since.",
    "IP worried the male might come back but there has been no further contact.",
    "susp was not aware IP would be there, both live locally.",
    "IP is not concerned about any ongoing contact.",
    "no repeat contact, one-off incident.",
    "the msgs stopped after the first day and IP has not heard from them since.",
    "no stalking or harassment behaviours disclosed, single incident.",
    "IP joked that susp was 'stalking' {vpos} page but it is a public group and there is no other contact.",
    "S-DASH not required, no course of conduct.",
    "IP asked if this counts as harassment, advised a single incident does not.",
]

PLACES = ["work", "the gym", "the school gates", "{vpos} mum's house", "the bus stop", "Tesco", "college",
          "the station", "{vpos} friend's flat", "the leisure centre", "church", "the doctors"]
PERIODS = ["over the past three weeks", "over the last month", "since Xmas", "the past 10 days", "for approx 2 months",
           "over the w/e", "since the summer", "for the last 6 wks", "since they split up", "over the past fortnight"]
APPS = ["Instagram", "Snapchat", "WhatsApp", "Facebook", "TikTok", "Messenger", "insta", "FB", "snap"]
DAYS = ["Monday", "Tuesday", "Weds", "Thurs", "Friday", "Sat", "Sunday", "the w/e", "last night", "Xmas eve",
        "bank holiday monday", "yesterday"]
TIMES = ["2300hrs", "0200hrs", "1730", "0745", "2130hrs", "1pm", "midnight", "0615"]
LEVELS = ["standard", "medium", "high", "med"]
