"""The demo articles' text: original German writing for `seed_demo` (see blog/demo.py).

Each entry: slug, title, category slug, tags, days ago (None: a draft, negative: scheduled),
excerpt (may be empty: then the summary comes from the body), body, the cover (gradient top
and bottom colour, a variant of the category's shape) and the cover's alt text, which
describes exactly that drawing.
"""

CATEGORIES = [
    (
        "schlaf",
        "Schlaf",
        "Einschlafen, Durchschlafen, Familienbett: wie Nächte mit Kindern ruhiger werden.",
    ),
    (
        "kita-schule",
        "Kita & Schule",
        "Eingewöhnung, Abschiede an der Tür, Hausaufgaben und der erste Schultag.",
    ),
    (
        "gefuehle-trotz",
        "Gefühle & Trotz",
        "Wut, Tränen und Trotz verstehen – und dabei selbst ruhig bleiben.",
    ),
    (
        "essen",
        "Essen",
        "Gemeinsam am Tisch: wählerische Esser, Brotdosen und entspanntes Kochen.",
    ),
    (
        "familienalltag",
        "Familienalltag",
        "Morgens, abends und dazwischen: kleine Ideen für einen leichteren Alltag.",
    ),
]

ARTICLES = [
    {
        "slug": "abendritual-das-wirklich-hilft",
        "cover": ((30, 42, 92), (104, 74, 140), 0),
        "title": "Ein Abendritual, das wirklich hilft",
        "category": "schlaf",
        "tags": ["Einschlafen", "Rituale", "Kleinkind"],
        "days_ago": 160,
        "excerpt": "Baden, Buch, Lied, Licht aus: Warum eine feste Reihenfolge am Abend mehr "
        "bewirkt als jede Einschlafhilfe – und wie sie auch an chaotischen Tagen gelingt.",
        "alt": "Zeichnung: ein heller Halbmond mit kleinen Sternen auf einem Verlauf von "
        "Nachtblau zu Violett.",
        "body": """
<p>Bei uns begann der Abend lange mit einer Frage: „Müssen wir schon?“ Jeden Tag wurde neu
verhandelt, ob noch ein Spiel geht, ob das Zähneputzen heute ausfallen darf und wer das
Licht ausmacht. Erst als wir aufgehört haben zu verhandeln, wurde es ruhiger.</p>
<h2>Die gleiche Reihenfolge, jeden Abend</h2>
<p>Kinder lieben es, zu wissen, was als Nächstes kommt. Ein Ritual ist nichts anderes als
eine verlässliche Reihenfolge. Bei uns sieht sie so aus:</p>
<ul>
<li>Abendessen, danach ein kurzes Spiel im Kinderzimmer</li>
<li>Schlafanzug an, Zähne putzen, ein letzter Schluck Wasser</li>
<li>Ein Buch – genau eins, auch wenn drei gewünscht werden</li>
<li>Ein Lied, das Licht geht aus, ein Kuss</li>
</ul>
<p>Das klingt unspektakulär, und das ist es auch. Gerade darin liegt die Kraft: Das
Einschlafen beginnt nicht mit dem Lichtausmachen, sondern schon beim Schlafanzug.</p>
<h2>Wenn der Tag durcheinander war</h2>
<p>An Tagen mit Besuch, Arztterminen oder einem späten Heimweg kürzen wir das Ritual,
lassen aber keinen Schritt ganz weg. Dann ist das Buch eben nur drei Seiten lang. Die
Reihenfolge bleibt, und sie trägt auch durch unruhige Abende.</p>
<p>Nach ein paar Wochen haben wir gemerkt: Die Verhandlungen sind weniger geworden. Nicht
verschwunden – wir haben schließlich Kinder –, aber leiser.</p>
""",
    },
    {
        "slug": "wenn-kinder-nachts-aufwachen",
        "cover": ((24, 48, 80), (40, 110, 120), 1),
        "title": "Wenn Kinder nachts aufwachen",
        "category": "schlaf",
        "tags": ["Durchschlafen", "Nächte"],
        "days_ago": 132,
        "excerpt": "",
        "alt": "Zeichnung: eine helle Mondsichel und Sterne über einem ruhigen Verlauf von "
        "Dunkelblau zu Petrol.",
        "body": """
<p>Nächtliches Aufwachen gehört zur Kindheit dazu. Das zu wissen, hilft um drei Uhr morgens
nur ein bisschen, aber es hilft. Viele Kinder werden zwischen zwei Schlafphasen kurz wach
und brauchen dann vor allem eines: die Gewissheit, dass jemand da ist.</p>
<h2>Was uns geholfen hat</h2>
<p>Wir haben uns angewöhnt, nachts möglichst wenig zu reden und das Licht gedämpft zu
lassen. Ein leises „Ich bin da, es ist Nacht, wir schlafen“ genügt oft. Je spannender die
Nacht wird, desto wacher wird auch das Kind.</p>
<p>Geholfen hat uns außerdem ein kleines Nachtlicht mit warmem Schein und eine Flasche
Wasser in Reichweite. Unser Großer wusste irgendwann, dass er sich selbst etwas zu trinken
nehmen kann, und rief seltener.</p>
<h2>Und wir Eltern?</h2>
<p>Wer nachts oft aufsteht, braucht tagsüber Entlastung. Wir wechseln uns ab: eine Nacht
ist Mama dran, eine Nacht Papa. Wer frei hat, schläft mit Ohrstöpseln. Das klingt
nüchtern, hat uns aber durch die anstrengendsten Monate gebracht.</p>
<p>Wenn das Aufwachen über Wochen sehr häufig ist oder das Kind schnarcht und unruhig
atmet, lohnt sich ein Gespräch mit der Kinderärztin. Meistens ist es aber einfach eine
Phase – und Phasen gehen vorbei.</p>
""",
    },
    {
        "slug": "familienbett-erfahrungen",
        "cover": ((48, 40, 110), (220, 170, 190), 2),
        "title": "Familienbett: unsere ehrlichen Erfahrungen",
        "category": "schlaf",
        "tags": ["Familienbett", "Nächte"],
        "days_ago": 95,
        "excerpt": "Kuschelig, praktisch und manchmal eng: Was für uns am gemeinsamen Schlafen "
        "schön war und warum wir nach zwei Jahren umgebaut haben.",
        "alt": "Zeichnung: ein Halbmond und kleine Sterne über einem Verlauf von Indigo zu "
        "sanftem Rosa.",
        "body": """
<p>Als unsere Tochter auf die Welt kam, stand das Beistellbett keine Woche neben unserem
Bett. Dann war die Seitenwand ab, und ziemlich bald schliefen wir zu dritt in einer
großen Liegefläche. Geplant hatten wir das nicht.</p>
<p>Das Schöne daran: Stillen in der Nacht ging fast im Halbschlaf, und niemand musste
durch kalte Flure laufen. Unsere Tochter schlief schnell wieder ein, wenn sie uns neben
sich spürte.</p>
<h2>Was schwierig wurde</h2>
<p>Mit dem Wachsen wurde das Bett kleiner. Ein Kleinkind schläft gern quer, und irgendwann
lagen zwei Erwachsene an den Rändern und ein Kind breit in der Mitte. Dazu kam, dass wir
abends keinen Raum mehr für uns hatten.</p>
<h2>Der Umbau</h2>
<p>Wir haben das Kinderbett direkt an unseres gestellt, auf gleicher Höhe, mit eigener
Decke. Unsere Tochter durfte mitentscheiden, welche Bettwäsche darauf kommt. Nach ein paar
unruhigen Nächten war „ihr Bett“ etwas Besonderes.</p>
<p>Es gibt kein richtiges oder falsches Schlafmodell. Es gibt nur eines, das gerade zu
eurer Familie passt – und das darf sich ändern.</p>
""",
    },
    {
        "slug": "eingewoehnung-in-der-kita",
        "cover": ((250, 238, 190), (180, 228, 210), 0),
        "title": "Eingewöhnung in der Kita: so lief es bei uns",
        "category": "kita-schule",
        "tags": ["Kita", "Eingewöhnung", "Abschied"],
        "days_ago": 150,
        "excerpt": "Zwei Wochen Sofa im Gruppenraum, erste Abschiede und ein Kuscheltier als "
        "Brücke: ein Erfahrungsbericht über die Eingewöhnung unseres Sohnes.",
        "alt": "Zeichnung: ein kleines Haus mit rotem Dach vor einem Verlauf von Hellgelb zu Mint.",
        "body": """
<p>Am ersten Tag saß ich eine Stunde auf einem viel zu kleinen Stuhl und tat so, als würde
ich lesen. Unser Sohn stand die ganze Zeit an mein Knie gelehnt und beobachtete die
anderen Kinder. Die Erzieherin nickte mir zu: genau so soll es sein.</p>
<h2>Die ersten Tage: da sein, nicht mitspielen</h2>
<p>In der Eingewöhnung sind Eltern der sichere Hafen. Das Kind erkundet den Raum und kommt
immer wieder zurück. Wir sollten nicht mitspielen, sondern einfach ruhig da sein. Das fiel
mir schwerer als gedacht.</p>
<h2>Der erste Abschied</h2>
<p>Am vierten Tag verabschiedete ich mich zum ersten Mal für zehn Minuten. Kurz, klar,
freundlich: „Ich gehe Kaffee holen und komme wieder.“ Es gab Tränen, und die Erzieherin
tröstete. Als ich zurückkam, spielte er mit der Murmelbahn.</p>
<p>Geholfen hat uns sein Kuscheltier, das in der Kita bleiben durfte, und ein festes
Abschiedsritual an der Tür: einmal drücken, einmal winken am Fenster.</p>
<h2>Was ich anderen Eltern sagen würde</h2>
<p>Plant mehr Zeit ein, als euch lieb ist. Manche Kinder brauchen eine Woche, andere einen
Monat. Und: Ein weinender Abschied ist kein schlechtes Zeichen. Entscheidend ist, ob sich
das Kind danach trösten lässt.</p>
""",
    },
    {
        "slug": "der-erste-schultag",
        "cover": ((170, 210, 240), (236, 222, 190), 1),
        "title": "Der erste Schultag ohne großen Druck",
        "category": "kita-schule",
        "tags": ["Schule", "Schulstart"],
        "days_ago": 75,
        "excerpt": "",
        "alt": "Zeichnung: ein Schulhaus mit spitzem Dach und einem runden Fenster vor einem "
        "Verlauf von Himmelblau zu Sand.",
        "body": """
<p>Die Schultüte war fast so groß wie unsere Tochter. Der Ranzen saß schief, die neuen
Schuhe drückten ein wenig, und die Aufregung war riesig – bei ihr und ehrlich gesagt auch
bei uns. Der erste Schultag ist ein großer Tag, aber er muss nicht perfekt sein.</p>
<h2>Vorher: Wege üben, nicht Buchstaben</h2>
<p>In den Wochen davor sind wir den Schulweg ein paarmal gemeinsam gegangen. Lesen und
Rechnen haben wir bewusst nicht geübt. Das lernt sie in der Schule, und sie soll mit
Neugier hingehen, nicht mit dem Gefühl, schon hinterher zu sein.</p>
<h2>Am Tag selbst</h2>
<p>Wir hatten nur eine kleine Feier geplant: Kuchen mit den Großeltern und ein Ausflug auf
den Spielplatz. Mehr hätte sie an diesem Tag nicht gebraucht. Nach der Einschulung war sie
erschöpft und wollte vor allem schaukeln.</p>
<p>In den ersten Wochen kam sie oft müde und gereizt nach Hause. Das ist normal: Stillsitzen,
neue Regeln und viele Kinder kosten Kraft. Ein ruhiger Nachmittag ohne Termine hilft mehr
als jedes Lernspiel.</p>
""",
    },
    {
        "slug": "hausaufgaben-ohne-streit",
        "cover": ((250, 210, 180), (190, 220, 240), 0),
        "title": "Hausaufgaben ohne Streit – geht das?",
        "category": "kita-schule",
        "tags": ["Schule", "Hausaufgaben", "Streit"],
        "days_ago": 40,
        "excerpt": "Fester Platz, feste Zeit und Eltern, die nicht mitrechnen: was bei uns den "
        "täglichen Hausaufgabenkampf beendet hat.",
        "alt": "Zeichnung: ein Haus mit Dach und Tür vor einem Verlauf von Pfirsich zu Hellblau.",
        "body": """
<p>Es begann mit einem Arbeitsblatt und endete mit Tränen – auf beiden Seiten. Hausaufgaben
waren bei uns im ersten Schuljahr das Streitthema Nummer eins. Heute sind sie meistens
einfach erledigt. Der Weg dahin war unspektakulärer, als ich dachte.</p>
<h2>Ein Platz, eine Zeit</h2>
<p>Wir haben einen festen Platz am Küchentisch eingerichtet, mit Stiften, Radiergummi und
einem Glas Wasser. Hausaufgaben gibt es nach einer halben Stunde Pause und einem Snack,
nicht direkt nach der Schule und nicht erst am Abend.</p>
<h2>Daneben sitzen, nicht übernehmen</h2>
<p>Am schwersten war für mich, nicht einzugreifen. Ich sitze in der Nähe, trinke einen Tee
und bin ansprechbar. Fehler dürfen stehen bleiben – die Lehrerin soll sehen, was noch
nicht klappt.</p>
<p>Wenn es gar nicht geht, schreibe ich einen kurzen Satz ins Heft: „Heute war es zu viel,
wir haben nach 20 Minuten aufgehört.“ Bisher hat jede Lehrerin das verstanden.</p>
""",
    },
    {
        "slug": "wutanfall-im-supermarkt",
        "cover": ((240, 140, 120), (250, 220, 140), 0),
        "title": "Wutanfall im Supermarkt: ruhig bleiben, wenn alle schauen",
        "category": "gefuehle-trotz",
        "tags": ["Trotz", "Wut", "Kleinkind"],
        "days_ago": 140,
        "excerpt": "Ein Kind auf dem Boden an der Kasse, viele Blicke im Rücken: Wie wir gelernt "
        "haben, in solchen Momenten bei unserem Kind zu bleiben statt beim Publikum.",
        "alt": "Zeichnung: ein großes Herz auf einem Verlauf von Koralle zu warmem Gelb.",
        "body": """
<p>Es war der Schokoriegel an der Kasse. Natürlich war es der Schokoriegel an der Kasse.
Unser Sohn warf sich auf den Boden, schrie und trat, und hinter mir stand eine lange
Schlange. Ich spürte jeden einzelnen Blick.</p>
<h2>Was in dem Moment passiert</h2>
<p>Ein Kleinkind im Wutanfall ist nicht ungezogen, sondern überwältigt. Müdigkeit, Hunger,
zu viele Eindrücke – und dann ein Nein. Erklärungen erreichen es in diesem Moment nicht.
Was es braucht, ist ein Erwachsener, der selbst nicht mitexplodiert.</p>
<h2>Was uns hilft</h2>
<ul>
<li>Auf Augenhöhe gehen und leise sprechen: „Du bist richtig wütend. Ich bin da.“</li>
<li>Das Nein nicht zurücknehmen, aber auch nicht wiederholen.</li>
<li>Wenn möglich, einen ruhigeren Ort suchen – notfalls mit Kind auf dem Arm.</li>
</ul>
<p>Die Blicke der anderen habe ich mir inzwischen anders erklärt: Viele davon sind
mitfühlend. Die meisten Menschen in der Schlange haben das selbst schon erlebt.</p>
<p>Und seitdem gehen wir nicht mehr hungrig einkaufen. Das hat fast so viel geholfen wie
alles andere.</p>
""",
    },
    {
        "slug": "gefuehle-benennen",
        "cover": ((205, 185, 230), (245, 205, 215), 0),
        "title": "Gefühle benennen: ein kleines Werkzeug mit großer Wirkung",
        "category": "gefuehle-trotz",
        "tags": ["Gefühle", "Sprache"],
        "days_ago": 60,
        "excerpt": "",
        "alt": "Zeichnung: ein Herz über einem sanften Verlauf von Flieder zu Zartrosa.",
        "body": """
<p>„Du bist enttäuscht, weil der Turm umgefallen ist.“ Ein einfacher Satz, und doch hat er
bei uns erstaunlich viel verändert. Kinder erleben starke Gefühle, haben aber oft noch
keine Worte dafür. Wenn wir die Worte anbieten, wird das Gefühl greifbarer.</p>
<h2>Beschreiben statt bewerten</h2>
<p>Es geht nicht darum, das Gefühl wegzureden („Ist doch nicht so schlimm“), sondern es zu
beschreiben. Traurig, wütend, enttäuscht, eifersüchtig, aufgeregt – je mehr Wörter ein Kind
kennt, desto genauer kann es später selbst sagen, was los ist.</p>
<h2>Bücher und Spiele</h2>
<p>Bilderbücher über Gefühle haben wir beim Vorlesen oft angehalten: „Wie fühlt sich der
Bär gerade? Woran siehst du das?“ Unsere Tochter hat daraus ein Spiel gemacht und schneidet
Grimassen, die wir erraten müssen.</p>
<p>Inzwischen kommt sie manchmal von selbst: „Mama, ich bin gerade eifersüchtig.“ Das
Gefühl ist dann nicht weg. Aber wir können darüber reden – und das ist viel.</p>
""",
    },
    {
        "slug": "geschwisterstreit-begleiten",
        "cover": ((250, 190, 150), (240, 190, 200), 1),
        "title": "Geschwisterstreit begleiten, ohne Schiedsrichter zu sein",
        "category": "gefuehle-trotz",
        "tags": ["Geschwister", "Streit"],
        "days_ago": 20,
        "excerpt": "Wer hat angefangen? Eine Frage, die wir uns abgewöhnt haben. Über Streit "
        "zwischen Geschwistern und warum Eltern nicht jedes Urteil fällen müssen.",
        "alt": "Zeichnung: zwei sich überlappende Herzen auf einem Verlauf von Apricot zu Rosé.",
        "body": """
<p>„Er hat angefangen!“ – „Nein, sie!“ Wer Geschwister großzieht, kennt diesen Dialog
auswendig. Lange habe ich versucht herauszufinden, wer wirklich angefangen hat. Ich habe es
fast nie geschafft.</p>
<h2>Beschreiben, was ich sehe</h2>
<p>Heute sage ich eher: „Ich sehe zwei Kinder und ein Auto, und beide wollen damit spielen.“
Das klingt banal, nimmt aber die Schuldfrage aus dem Raum. Oft finden die beiden dann
selbst eine Lösung, manchmal eine überraschend faire.</p>
<h2>Wann ich eingreife</h2>
<p>Wenn jemand wehtut, ist Schluss. Dann trenne ich die beiden ruhig und kümmere mich zuerst
um das Kind, das verletzt wurde. Das andere bekommt danach meine Aufmerksamkeit – nicht
als Strafe, sondern weil es offensichtlich überfordert war.</p>
<p>Streit unter Geschwistern ist anstrengend, aber er ist auch ein Übungsfeld: Verhandeln,
Nachgeben, sich wieder vertragen. Unsere Aufgabe ist es, den Rahmen zu halten, nicht jedes
Urteil zu sprechen.</p>
""",
    },
    {
        "slug": "waehlerische-esser",
        "cover": ((170, 200, 165), (245, 238, 215), 0),
        "title": "Wählerische Esser: Gelassenheit am Familientisch",
        "category": "essen",
        "tags": ["Essen", "Gemüse", "Familientisch"],
        "days_ago": 115,
        "excerpt": "Nudeln ohne alles, Brokkoli nie: Wie wir den Kampf ums Essen aufgegeben haben "
        "und seitdem entspannter – und sogar abwechslungsreicher – essen.",
        "alt": "Zeichnung: ein runder Teller mit einem kleinen Kreis in der Mitte auf einem "
        "Verlauf von Salbeigrün zu Creme.",
        "body": """
<p>Eine Zeit lang aß unser Sohn fast nur Nudeln, am liebsten ohne Soße. Jede Mahlzeit wurde
zur Verhandlung: noch ein Bissen, noch ein Stück Paprika. Alle waren genervt, und gegessen
wurde trotzdem nicht mehr.</p>
<h2>Eine einfache Arbeitsteilung</h2>
<p>Geholfen hat uns eine klare Aufteilung: Wir Eltern entscheiden, was auf den Tisch kommt
und wann gegessen wird. Das Kind entscheidet, ob und wie viel es davon isst. Das nimmt
enorm viel Druck heraus – auf beiden Seiten.</p>
<h2>Immer etwas Bekanntes</h2>
<p>Bei jeder Mahlzeit steht etwas auf dem Tisch, das er sicher mag, meistens Brot oder
Reis. Daneben gibt es, was alle essen. Niemand muss probieren, aber es darf. Manchmal liegt
die Paprika zehnmal auf dem Teller, bevor sie beim elften Mal doch gegessen wird.</p>
<p>Seit wir aufgehört haben zu zählen, reden wir beim Essen wieder über den Tag statt über
Bissen. Und ganz nebenbei isst unser Sohn inzwischen Gurken. Freiwillig.</p>
""",
    },
    {
        "slug": "brotdose-ideen-fuer-die-woche",
        "cover": ((245, 235, 140), (200, 235, 180), 1),
        "title": "Brotdose: fünf Ideen für eine ganze Woche",
        "category": "essen",
        "tags": ["Brotdose", "Kita", "Schule"],
        "days_ago": 30,
        "excerpt": "",
        "alt": "Zeichnung: ein Teller mit breitem Rand auf einem Verlauf von Zitronengelb zu "
        "Hellgrün.",
        "body": """
<p>Jeden Morgen die gleiche Frage: Was kommt heute in die Brotdose? Damit ich nicht um halb
sieben vor dem Kühlschrank grübele, habe ich mir eine kleine Wochenliste gemacht. Sie ist
nicht perfekt, aber sie kommt meistens leer zurück.</p>
<ol>
<li><strong>Montag:</strong> Vollkornbrot mit Frischkäse, Gurkenscheiben, ein paar Trauben</li>
<li><strong>Dienstag:</strong> Nudelsalat vom Vorabend mit Erbsen und Mais</li>
<li><strong>Mittwoch:</strong> Pfannkuchen-Röllchen mit Apfelmus</li>
<li><strong>Donnerstag:</strong> Käsewürfel, Cracker, Karottensticks und Hummus</li>
<li><strong>Freitag:</strong> Wunschtag – das Kind stellt selbst zusammen</li>
</ol>
<h2>Kleine Tricks</h2>
<p>Was klein geschnitten ist, wird eher gegessen. Eine Dose mit Fächern hilft, damit nichts
durchweicht. Und am Freitag wird das Kind zum Küchenchef: Es darf aus drei Sachen wählen
und packt selbst ein. Das ist der Tag, an dem die Brotdose am zuverlässigsten leer ist.</p>
""",
    },
    {
        # Paid content: shows "Anzeige" everywhere and marks its outgoing links as paid.
        "slug": "laufrad-im-alltagstest",
        "cover": ((250, 200, 120), (200, 230, 210), 1),
        "title": "Laufrad im Alltagstest: was nach drei Monaten zählt",
        "category": "familienalltag",
        "tags": ["Draußen", "Kooperation", "Laufrad"],
        "days_ago": 50,
        "sponsored": True,
        "sponsor_name": "Radwerk Kinderräder",
        "excerpt": "Drei Monate, zwei Kinder, ein Laufrad: was sich im Alltag bewährt hat, was "
        "uns gestört hat und worauf wir beim nächsten Kauf achten würden.",
        "alt": "Zeichnung: eine Sonne über einem grünen Hügel auf einem Verlauf von Orange zu "
        "Mintgrün.",
        "body": """
<p>Dieser Beitrag ist in bezahlter Zusammenarbeit mit Radwerk Kinderräder entstanden. Das
Laufrad haben wir gestellt bekommen; was wir darüber schreiben, haben wir selbst
entschieden, und Radwerk hat den Text vorher nicht gelesen.</p>
<p>Unsere Tochter ist drei, ihr Bruder fünf. Das Laufrad war eigentlich für die Kleine
gedacht, gefahren sind es in den ersten Wochen beide – abwechselnd, mit Sanduhr und
gelegentlichem Protest.</p>
<h2>Was sich bewährt hat</h2>
<ul>
<li>Der Sattel lässt sich ohne Werkzeug verstellen. Das klingt nebensächlich, ist es
aber nicht, wenn zwei Kinder sich ein Rad teilen.</li>
<li>Mit knapp drei Kilo trägt die Dreijährige es selbst die Treppe hoch. Meistens.</li>
<li>Die Reifen sind aus Luft, nicht aus Schaum: Auf dem Waldweg merkt man den
Unterschied sofort.</li>
</ul>
<h2>Was uns gestört hat</h2>
<p>Die Lenkerbegrenzung ist fest eingebaut. Sie verhindert zwar, dass sich der Lenker bei
Stürzen ganz herumdreht, macht enge Kurven auf dem Spielplatz aber mühsam. Und die Klingel
hat nach vier Wochen ihren Dienst eingestellt.</p>
<h2>Worauf wir beim nächsten Kauf achten</h2>
<p>Wichtiger als jedes Ausstattungsdetail ist, dass die Füße flach auf den Boden kommen.
Messt die Innenbeinlänge eures Kindes und zieht zwei, drei Zentimeter ab – dann passt die
Sattelhöhe. Die Größentabelle findet ihr <a href="https://radwerk-kinderraeder.example/groessen">
beim Hersteller</a>. Wie wir draußen sonst unterwegs sind, steht in unseren
<a href="/artikel/ausfluege-bei-regenwetter/">Ideen für Regentage</a>.</p>
""",
    },
    {
        "slug": "morgens-ohne-hektik",
        "cover": ((245, 170, 100), (180, 215, 240), 0),
        "title": "Morgens ohne Hektik aus dem Haus",
        "category": "familienalltag",
        "tags": ["Morgenroutine", "Alltag"],
        "days_ago": 105,
        "excerpt": "Schuhe suchen, Brote schmieren, Streit ums Anziehen: Mit ein paar "
        "Vorbereitungen am Abend sind unsere Morgen deutlich ruhiger geworden.",
        "alt": "Zeichnung: eine aufgehende Sonne über einem sanften Hügel, Verlauf von Orange "
        "zu hellem Blau.",
        "body": """
<p>Zwischen sieben und acht Uhr war bei uns lange Ausnahmezustand. Ein Schuh fehlte immer,
die Brotdose stand noch leer auf der Arbeitsplatte, und spätestens beim Anziehen gab es
Tränen. Geändert hat sich das, als wir einen Teil des Morgens auf den Abend verlegt
haben.</p>
<h2>Der Abend davor</h2>
<ul>
<li>Kleidung für den nächsten Tag liegt bereit – das Kind sucht abends aus, nicht morgens.</li>
<li>Schuhe, Jacke und Rucksack haben einen festen Platz an der Tür.</li>
<li>Die Brotdose wird abends vorbereitet und steht im Kühlschrank.</li>
</ul>
<h2>Zehn Minuten Puffer</h2>
<p>Wir stehen zehn Minuten früher auf, als es nötig wäre. Diese zehn Minuten sind für das,
was immer dazwischenkommt: ein verschütteter Kakao, ein dringendes Bild, das noch gemalt
werden muss. Ohne Puffer wird aus jeder Kleinigkeit ein Drama.</p>
<p>Perfekt sind unsere Morgen nicht. Aber wir verlassen das Haus meistens, ohne dass jemand
weint. Und das fühlt sich nach einem echten Fortschritt an.</p>
""",
    },
    {
        "slug": "bildschirmzeit-in-der-familie",
        "cover": ((120, 200, 200), (245, 250, 250), 0),
        "title": "Bildschirmzeit in der Familie: unsere Abmachungen",
        "category": "familienalltag",
        "tags": ["Medien", "Alltag", "Regeln"],
        "days_ago": None,
        "excerpt": "",
        "alt": "Zeichnung: eine Sonne über einem grünen Hügel auf einem Verlauf von Türkis zu "
        "Weiß.",
        "body": """
<p>Dieser Artikel ist noch in Arbeit. Wir sammeln gerade, welche Abmachungen bei uns
funktionieren und welche nur auf dem Papier gut aussehen.</p>
<p>Bisher fest steht: keine Bildschirme beim Essen, und Serien gucken wir gemeinsam auf dem
Sofa, nicht allein im Zimmer.</p>
""",
    },
    {
        "slug": "ausfluege-bei-regenwetter",
        "cover": ((150, 160, 170), (190, 220, 240), 1),
        "title": "Ausflüge bei Regenwetter, die Kindern Spaß machen",
        "category": "familienalltag",
        "tags": ["Ausflug", "Draußen", "Regen"],
        "days_ago": -5,
        "excerpt": "Matschhose an und raus: Warum Regentage oft die schönsten Ausflüge werden und "
        "welche Ziele sich bei uns bewährt haben.",
        "alt": "Zeichnung: eine Sonne hinter einem grünen Hügel auf einem Verlauf von Grau "
        "zu Hellblau.",
        "body": """
<p>Es gibt kein schlechtes Wetter, nur schlechte Kleidung – diesen Satz fand ich früher
unerträglich. Inzwischen muss ich zugeben: Mit Matschhose und Gummistiefeln werden
Regentage für unsere Kinder oft zu den besten Tagen der Woche.</p>
<h2>Unsere liebsten Regenziele</h2>
<ul>
<li>Der Wald: Pfützen, Schnecken und ein Geruch, den man nur bei Regen hat</li>
<li>Der Bach hinter der Siedlung, wo Stöckchen um die Wette schwimmen</li>
<li>Ein Spaziergang mit Regenschirm und danach Kakao beim Bäcker</li>
</ul>
<p>Wichtig ist nur, dass zu Hause trockene Sachen und etwas Warmes warten. Dann ist der
Regen kein Grund mehr, drinnen zu bleiben.</p>
""",
    },
]
