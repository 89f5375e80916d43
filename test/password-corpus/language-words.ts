/**
 * Everyday words of the IGAD region's languages and other widely used ones, typed by
 * hand for the evaluation corpus (not copied from the shipped lists, so the rate
 * measures the check on words it may never have seen). Lower case, Latin letters.
 */
export const LANGUAGE_WORDS: Record<string, string> = {
  swahili: `mpenzi rafiki habari karibu asante jambo simba tembo twiga chui nyumba shule mwalimu mama baba dada kaka
    bibi babu mtoto watoto familia upendo furaha amani tumaini imani baraka neema zawadi mungu nyota mwezi jua mvua
    bahari mlima ziwa maua ndege samaki kuku ndizi embe nanasi chai kahawa ugali chapati mandazi pilau biryani
    matatu gari safari uhuru jamhuri harambee kenya tanzania nairobi mombasa arusha zanzibar kilimanjaro mpira
    kandanda bingwa ushindi nguvu moyo roho ndoto wimbo ngoma maisha dunia mwanga usiku asubuhi jioni kesho leo
    mwaka siku pesa kazi soko duka kitabu kalamu simu rangi nyekundu kijani njano bluu nyeusi nyeupe tamu`,
  french: `soleil bonjour merci amour coeur famille maison chocolat fromage baguette papillon oiseau chien chat
    cheval lapin fleur rose jardin printemps automne hiver etoile lune ciel nuage pluie montagne riviere ocean
    plage voyage liberte egalite fraternite bonheur paix espoir reve musique danse chanson ecole travail bureau
    ordinateur voiture velo football equipe victoire champion princesse prince reine roi chateau tresor lumiere
    doudou cherie mamour bisous toujours jamais demain soir matin semaine dimanche samedi janvier juillet`,
  arabic: `habibi habibti hayati omri amal noor salam shukran inshallah mashallah alhamdulillah bismillah yalla
    marhaba ahlan qalbi rouhi sabr iman rahma baraka jannah dunya qamar shams najm bahr sahara warda yasmin layla
    fatima aisha khadija maryam zainab amira sultan malik amir habib karim rahim jamil hamza yusuf ibrahim ismail
    ahmed mohamed mahmoud mustafa khalid omar hassan hussein abdullah tariq samir nabil walid rashid saeed faisal
    khartoum cairo dubai makkah madina watan akhi ukhti ummi baba mama kitab qahwa tamr asad nimr saqr jamal
    sabah layl eid ramadan`,
  somali: `nabad hooyo aabo walaal saaxiib jacayl qalbi nolol biyo caano hilib bariis shaah geel faras libaax
    badda webi buur qorrax dayax xiddig roob habeen maalin subax berri maanta sannad iskuul macallin buug qalin
    dugsi masjid ilaah diin iimaan sabar farxad guul xorriyad calan dalka soomaali soomaaliya muqdisho hargeysa
    kismaayo boosaaso garoowe burco wanaag qurux macaan fiican cusub mahadsanid salaan carruur wiil gabar ayeeyo
    awoowe adeer qoys nasiib`,
  amharic: `selam amesegnalehu betam konjo fikir wedaje wude yene enate abate wendim ehit lij bet hager buna
    injera wot doro tibs kitfo shiro dabo berbere tena yistilign egziabher mariam kidus meskel timket genna
    fasika amlak tsega mihret tesfa bereket hiwot selamawit lidet gobez jegna anbessa tsehay kokeb wuha mesob
    gebeya temari timhirt desta lemlem alem abeba meskerem habesha ethiopia addis abebe tigist dawit meron`,
  tigrinya: `selam yekenyeley kemey tsubuq hawey hafti haftey adey abuy wedey gualey fikri hagerey eritrea ertra
    asmara keren massawa mesob injera tsebhi shahi bun suwa mai tsehai werhi kokob zinab nefas bahri gereb bet
    nebsi hiwet tesfay berhe berhane mehari kidane mihret haben hagos gebre tekle zerai ghirmay yonas semere
    tsegay weldu yemane awet nahnan harnet natsnet meriet gedli fitsum dehan`,
  oromo: `nagaa akkam galatoomi jaalala jaalalle haadha abbaa obboleessa mucaa intala ilma mana biyya oromia
    oromiyaa gadaa waaqa waaqayyo irreecha ayyaana bishaan aannan buna dhadhaa foon lafa samii aduu urjii bokkaa
    galaana laga gaara bosona leenca farda saree loon hoolaa barnoota barsiisaa barataa kitaaba afaan sirba
    gammachuu gaarii bareeda guddaa dhugaa bilisummaa tokkummaa jabaa abdii hiriyaa michuu finfinnee adaamaa
    jimmaa ambo qeerroo qarree chaltu lalise obsa gemechu tolera boru tulu bontu hawi`,
  spanish: `corazon amor familia casa perro gato caballo flor jardin primavera verano invierno estrella luna cielo
    lluvia montana playa viaje libertad felicidad esperanza musica escuela trabajo futbol equipo campeon princesa
    reina castillo tesoro chocolate manzana naranja mariposa amigo amiga hermano hermana madre padre abuela
    bonita hermosa corazoncito mivida teamo siempre nunca manana domingo sabado enero julio diciembre dios
    jesus maria guadalupe mexico colombia argentina madrid barcelona`,
  portuguese: `coracao amor familia casa cachorro gato cavalo flor jardim primavera verao inverno estrela lua ceu
    chuva montanha praia viagem liberdade felicidade esperanca musica escola trabalho futebol equipe campeao
    princesa rainha castelo tesouro chocolate laranja borboleta amigo amiga irmao irma mae pai avo bonita linda
    saudade obrigado beleza sempre nunca amanha domingo sabado janeiro julho dezembro deus jesus brasil lisboa
    flamengo corinthians palmeiras`,
  filipino: `mahal mahalkita ikaw ako pamilya nanay tatay ate kuya bunso anak lola lolo kaibigan barkada maganda
    gwapo pogi puso buhay pagibig sinta salamat kumusta paalam ingat bahay simbahan diyos panginoon bayan
    pilipinas pinoy pinay maynila cebu davao araw buwan bituin langit dagat ilog bundok ulan hangin tubig adobo
    sinigang lechon pancit lumpia sampaguita mabuhay kalayaan rizal masaya tapang lakas pangarap pagasa biyaya
    swerte malakas laban`,
  indonesian: `cinta sayang rumah keluarga ibu ayah kakak adik teman sahabat bunga matahari bulan bintang langit
    hujan gunung pantai laut sungai perjalanan kebebasan kebahagiaan harapan musik sekolah kerja sepakbola
    juara putri ratu raja istana harta cokelat jeruk kupukupu kucing anjing kuda indonesia jakarta bandung
    surabaya bali garuda merdeka selamat terimakasih semangat rahasia pelangi mimpi impian tuhan allah
    sayangku cintaku manis cantik ganteng`,
};
