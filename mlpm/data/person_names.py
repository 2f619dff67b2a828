"""Common given names and surnames, for telling people's names from company or product names.

Bundled (no download at run time), written lower case without accents ("josé" is "jose"), one
block per language area. They need not be complete: a column holds people's names when a clear
share of its values starts with a known given name (:mod:`mlpm.data.pii`), so a few missing
names only lower that share. Words that are also everyday English or company words ("will",
"may", "chase", "dell", "ford") are left out on purpose.
"""

from __future__ import annotations

import unicodedata

_GIVEN = """
# English, Irish, Scottish, Welsh, American
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony donald steven stephen paul andrew joshua kenneth kevin brian george timothy
ronald edward mark bill jason jeffrey ryan jacob gary nicholas eric jonathan
larry justin scott brandon
benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron adam
nathan henry douglas zachary peter kyle noah ethan jeremy walter christian keith roger terry
sean gerald carl harold dylan arthur lawrence jesse bryan billy bruce gabriel joe logan alan
albert willie elijah wayne randy vincent mason roy ralph bobby russell bradley philip phillip
eugene liam oliver lucas owen caleb luke isaac connor evan ian cameron adrian colin dominic
derek edwin elliot elliott felix gavin harry howard jake jared jay joel julian leo leonard
louis marcus martin max miles mitchell neil oscar reginald riley shane spencer stanley
theodore todd travis trevor troy victor warren wesley xavier alfie archie charlie freddie
harrison jamie lewis reece rhys callum declan finn rory seamus conor cian niall ciaran
alistair angus fraser hamish ewan graham ross stuart craig barry clive dean darren gareth
geoffrey glen glenn gordon graeme kieran lee malcolm nigel neville stewart simon rupert giles
hugh roland rodney clifford cecil bernard francis gilbert herbert leslie norman percy vernon
wilfred alfred ernest frederick harvey jimmy johnny tony tom tommy danny ricky ben sam nick
matt chris mike dave steve jeff greg andy pete tim rob bob jim jon josh zach nate alex
sebastian tobias jasper rufus hugo ollie toby joey bradley chad cody corey dustin brett
brent kurt lance marshall clayton clinton curtis dale darrell derrick duane earl floyd
franklin fred gene glen herman jerome jessie jim johnnie julius lloyd lonnie lyle marvin
melvin milton morris nelson perry ramon ray roderick ruben sidney terrence tyrone wallace
wendell garrett grayson jaxon landon brayden hudson easton weston colton carter wyatt
lincoln levi asher ezra silas micah josiah jonah elias ezekiel gideon abraham moses solomon
maxwell everett beau brooks bennett emmett rowan declan ronan killian eoin padraig
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara frances kathryn janice
jean abigail alice judy sophia grace denise doris marilyn danielle beverly isabella theresa
diana natalie brittany charlotte marie kayla alexis lori ava mia chloe ella lily zoe zoey
sophie ellie amelia harper abby addison aubrey audrey bella brooke caroline claire clara
eleanor eliza ellen esther eva fiona gemma gwen hailey hazel holly imogen isla ivy jade
jasmine jenna jessie josephine julia kate katie kylie leah lucy lydia mackenzie maya molly
naomi nora paige penelope phoebe poppy rose ruby scarlett sienna tessa violet willow alison
allison anne annie beth bethany bonnie camilla carla carrie cassandra cathy connie courtney
dana della edith eileen elaine eloise erin felicity gail geraldine gillian hayley heidi
irene jane jill joanna jodie kathy kirsty leanne louise lorraine lynn mandy marion maureen
melanie miranda natasha nicola norma pauline penny rachael rita roberta rosemary sally
shannon sheila stacey stacy tanya tina tracy tracey valerie vanessa vera wendy yvonne
agnes beatrice bridget brenda carmen cora daisy delia emilia emily florence freya georgina
harriet henrietta ida iris isabel isobel jemma jocelyn kara kristen kristin krista lacey
lindsay lindsey lola lorna mabel madeline madeleine maggie margot matilda maxine meredith
millie mildred miriam monica nadia nell nina olive ophelia patsy peggy priscilla rosie
roxanne sadie selina shelby sonia stella susie suzanne sylvia tamara thea valentina
vivian wanda whitney winifred yasmin zara jenny becky betsy katy meg liz beth nora sinead
siobhan aoife niamh saoirse roisin ciara orla grainne maeve deirdre eilidh morag kirsteen
rhiannon cerys bronwen seren ffion carys megan alyssa brianna destiny kaitlyn madison
savannah gabriella genevieve juliana kendra kennedy kimberley leigh
mckenzie natalia serena tiffany
# Spanish, Latin American, Catalan, Basque
alejandro alvaro andres antonio alberto alfonso arturo carlos diego eduardo enrique esteban
felipe fernando francisco gonzalo guillermo gustavo hector ignacio jaime javier jesus
joaquin jorge jose juan julio lorenzo luis manuel marcos mario mateo miguel nicolas pablo
pedro rafael raul ricardo roberto rodrigo ruben salvador santiago sergio tomas emilio
agustin benjamin cristian cristobal dario emiliano ernesto fabian facundo federico gerardo
horacio humberto ismael jacinto julian leandro lisandro marcelo martin mauricio maximiliano
octavio orlando ramiro reinaldo rogelio rolando sebastian teodoro valentin xavier adolfo
aitor iker unai jon mikel asier gorka iñigo inigo jordi josep pau marc oriol xavi
adriana alejandra alicia ana andrea beatriz camila carmen carolina catalina cecilia claudia
cristina daniela elena elisa esperanza fernanda gabriela gloria guadalupe ines isabel
josefina juana julia laura lucia luisa lourdes manuela margarita maria marta mercedes monica
natalia paula pilar raquel rocio rosa sofia susana teresa valentina veronica ximena yolanda
dolores concepcion consuelo soledad montserrat nuria amparo angeles araceli aurora blanca
constanza eugenia florencia graciela ivonne jimena josefa leticia lorena luciana macarena
marisol micaela milagros noelia paloma patricia renata rosario silvia victoria agustina
antonella belen candela itziar ainhoa leire nerea maite irati
# French, Belgian, Swiss, Québécois
jean pierre michel philippe alain christophe francois frederic laurent olivier sebastien
stephane thierry yves antoine arnaud baptiste benoit clement damien didier emmanuel etienne
fabien florian gael gerard gilles guillaume herve jacques jerome jules julien loic luc marc
mathieu matthieu maxime patrice pascal quentin raphael regis remi romain serge sylvain theo
thibault thibaut timothee yann aurelien cedric cyril dominique fabrice franck gaetan gregoire
hadrien jean-pierre jean-paul jean-luc jean-marc jean-claude jean-louis jean-francois
jean-michel jean-philippe lucien marcel mathis maurice nathanael noel pascal rene tristan
valentin xavier yannick bastien corentin enzo kylian lucas nathan
amelie aurelie brigitte camille cecile celine chantal christelle colette corinne delphine
elodie emilie estelle francoise genevieve helene isabelle jeanne juliette laetitia lea
lucie manon margaux marine martine mathilde monique nathalie oceane sandrine severine simone
solene sylvie veronique virginie yvette agathe anais apolline axelle berangere capucine
clemence coralie elise eloise flavie gaelle josiane laure lise lou louane maelle marguerite
marjorie mireille muriel nadine odile ophelie perrine sabine segolene sidonie suzanne
yvonne anne-marie anne-sophie marie-claire marie-france marie-laure marie-christine
# German, Austrian, Swiss German
andreas bernd dieter dirk friedrich gerhard guenter gunter gunther hans heinz helmut horst
juergen jurgen jens joachim johann johannes jonas kai karl klaus lars lukas manfred markus
matthias moritz niklas norbert rainer ralf reinhard rolf stefan steffen sven thorsten torsten
uwe volker werner wolfgang axel benedikt detlef egon ernst fabian florian georg gottfried
gunnar hartmut heiko heinrich holger ingo jakob jan-niklas jorg joerg kurt leon lothar
ludwig lutz malte marcel mario marius maximilian michael nico ole otto philipp reiner
rudiger ruediger siegfried thilo till ulrich ulf wilhelm
anke birgit dagmar elke erika gabriele gerda gisela greta hanna heike helga hildegard ilse
ingrid irmgard jana jutta karin katrin kerstin lena leonie marlene mechthild monika renate
silke susanne ursula ute waltraud wiebke annette antje astrid bettina christa christiane
cornelia franziska frauke friederike gertrud hannelore heidrun ines inge irene johanna
kathrin katja liesel lieselotte luise magdalena margarete margit marianne martina nadine
nicole rosemarie sibylle sigrid simone sonja stefanie svenja tanja ulrike veronika
# Italian
alessandro alessio angelo bruno carlo claudio cristiano daniele davide domenico emanuele
enrico fabio filippo francesco gabriele giacomo gianluca gianni giorgio giovanni giuseppe
leonardo luca luigi marco massimo matteo maurizio michele nicola paolo pietro riccardo
salvatore simone stefano tommaso vincenzo alberto aldo alfredo andrea antonino armando
attilio carmine cesare corrado dario edoardo elia ettore fausto fiorenzo franco gennaro
gianfranco gino guido lamberto lino mattia mirko nello nunzio orazio pasquale piero renato
rocco romeo sandro sergio silvio umberto valerio vittorio
alessandra alice antonella beatrice chiara elisa federica francesca giada giorgia giulia
ilaria manuela martina michela paola roberta sara serena simona valeria angela annalisa
arianna assunta benedetta camilla carla carmela caterina cinzia concetta daniela donatella
elisabetta emanuela fabiana filomena gabriella gianna giovanna giuseppina immacolata
letizia lorella loredana lucrezia ludovica marcella margherita marisa mirella nadia
noemi ornella patrizia raffaella rebecca rossella sabrina stefania teresa tiziana vittoria
# Portuguese, Brazilian
joao luiz vitor vinicius thiago tiago andre rui nuno goncalo duarte afonso marcio mauro
rodolfo rogerio sandro wagner wellington anderson cleber cristiano edson everton flavio
gilberto jefferson leandro luciano murilo otavio renan renato washington wesley
adriana aline amanda bruna camila fernanda francisca jessica juliana larissa leticia
luciana marcia mariana patricia rita ines catarina joana leonor matilde conceicao fatima
graca helena ivone lurdes madalena regina rosana sonia tatiana vania vitoria debora
eduarda gisele isabela jaqueline karina lais livia mirian priscila rafaela raquel simone
tais thais
# Dutch, Flemish
pieter piet willem hendrik henk kees cornelis gerrit bas bram daan sem thijs niels joost
jeroen maarten martijn sander stijn wouter arjen bart gijs jaap joris koen luuk milan rik
rutger sjoerd teun wim ruud sven arie bert dick evert frits geert harm jelle jesse jorrit
klaas lieven marnix mathijs menno pim reinier roel sjaak ton wessel wout jurgen dries
anouk annemarie astrid bregje daphne eline femke fenna fleur floor hanneke ilse inge
janneke jolien karlijn lieke lotte marieke maud mirjam noor sanne saskia willemijn ingrid
annelies anneke annick carlijn didi elke elise esmee evi gerda hilde ineke jet joke
jolanda judith kim lies lieve lonneke maaike marloes marjolein mieke myrthe nienke roos
sophie tineke wilma
# Nordic
anders erik johan nils olaf olav ole per magnus henrik mikael bjorn leif lennart gustav
gustaf axel birger knut kjell morten rasmus soren jorgen torbjorn tore ulf einar arne
emil hugo oskar elias aksel frederik mads jonas kasper mathias tobias viggo
astrid karin kristin kristina liv sigrid freja freya linnea elin maja saga ebba elsa
ingeborg ingrid sanna signe solveig tove helle mette pernille sofie camilla hanne marit
ragnhild randi siri synnove tuva vilde
# Slavic, Baltic, Hungarian, Romanian, Greek
ivan dmitri dmitry dmitrii sergei sergey alexei alexey andrei andrey mikhail nikolai
nikolay vladimir pavel yuri yury oleg igor boris viktor anatoly konstantin maxim maksim
artem artyom roman denis ruslan vadim evgeny yevgeny grigory stanislav vladislav vyacheslav
bogdan taras mykola mykhailo oleksandr oleksiy volodymyr yaroslav vasily valery valentin
leonid gennady arkady timur kirill ilya matvei
olena oksana natalia natalya tatiana tatyana svetlana irina elena yelena ekaterina
yekaterina anastasia olga marina galina ludmila lyudmila nadezhda valentina yulia ksenia
daria darya polina alina larisa lyubov oksana veronika zhanna kseniya alla inna nina raisa
piotr pawel krzysztof tomasz marek michal jakub wojciech lukasz grzegorz kamil zbigniew
andrzej tadeusz stanislaw jaroslaw mariusz dariusz slawomir przemyslaw radoslaw rafal
szymon mateusz bartosz maciej dawid adrian janusz jerzy ryszard henryk kazimierz
agnieszka katarzyna malgorzata joanna magdalena ewa zofia krystyna dorota jolanta iwona
beata aleksandra justyna karolina monika urszula wioletta zuzanna halina grazyna danuta
jiri petr miroslav zdenek jaroslav ondrej vaclav radek vojtech ladislav josef frantisek
lucie tereza jitka hana lenka martina zuzana jarmila vlasta
dragan goran zoran milos nikola stefan marko luka dusan nenad sasa bojan dejan darko
ivana jelena milica dragana snezana vesna mirjana sanja tijana jovana
laszlo zoltan istvan gabor attila ferenc sandor tamas zsolt balazs csaba janos gyorgy
zsofia katalin erzsebet eszter reka anikó aniko judit agnes ildiko krisztina
ion ionut mihai andrei cristian florin adrian bogdan catalin razvan sorin vlad marius
ioana elena andreea alexandra gabriela mihaela raluca roxana simona oana
georgios giorgos dimitrios konstantinos ioannis nikolaos panagiotis vasileios vasilis
christos athanasios spyros stavros theodoros kostas yannis
eleni katerina aikaterini vasiliki georgia dimitra despina sofia chrysa ioanna
# Turkish, Persian
mehmet mustafa ahmet huseyin hasan ismail osman murat emre burak cem kemal serkan volkan
onur tolga ugur ozan baris kaan berk arda efe alper hakan selim sinan orhan
fatma ayse emine hatice zeynep elif merve ozlem esra busra derya ebru gamze gizem seda
sibel tugba yasemin burcu asli irem pinar
reza mohammad hossein mehdi amir ali hamid saeed majid behrouz dariush farhad kamran
kourosh navid omid parviz ramin shahram babak arash cyrus
fatemeh zahra maryam narges parisa shirin leila mina nasrin roya soraya tahereh yasaman
# Arabic
mohammed muhammad mohamed mohamad mohammad ahmed ahmad ali omar umar hassan hussein
husain ibrahim youssef yousef yusuf khalid khaled abdullah abdallah abdul mustafa mahmoud
said karim tariq tarek hamza bilal rashid faisal nasser jamal walid ziad sami nabil adel
hamid majid saeed imran salim salem samir yasser yasir hisham hatem osama anas amr ayman
bassam fadi fares fouad ghassan habib haitham hani ibrahim issa jihad kareem louay mahdi
malik marwan mazen munir nizar qasim rami riad saad sultan talal wael yahya zaid zakaria
fatima fatma aisha aysha mariam maryam zainab zaynab khadija layla leila noor nour amina
salma yasmin yasmine hana rania samira huda lina dina rana reem rima sara salwa sana
farah ghada hala heba iman jamila lamia lubna manal mona nadia najwa nawal nisreen rasha
rawan rola sahar samar suha wafa widad zahra zeina
# Indian, Pakistani, Bangladeshi, Sri Lankan
aarav vivaan aditya arjun rahul rohit amit anil sunil raj rajesh ramesh suresh mahesh vijay
sanjay ajay deepak manoj vikram vikas sachin nikhil karan arun ashok anand ravi krishna
gopal harish pradeep prakash naveen sandeep rakesh mukesh dinesh ganesh kiran ishaan ayaan
reyansh sai arnav dhruv kabir rohan siddharth varun tarun akash abhishek gaurav saurabh
manish nitin pankaj ankit vihaan yash harsh parth shiv mohan ram shyam hari venkat
srinivas subramanian balaji murali senthil karthik lakshman surya arvind aravind prasad
raghav rajiv sameer satish shankar sridhar uday vinod vishal yogesh girish jagdish kishore
naresh paresh hitesh jignesh alpesh bhavesh chirag hardik kunal mihir pranav rishi sahil
tushar viral ashish anurag hemant lalit mayank neeraj piyush rajat rajendra tanmay
vivek amitabh anupam devendra dharmendra jitendra narendra rajkumar ramakrishna sudhir
sushil umesh vinay vipin zubair faisal imtiaz irfan javed nadeem naveed rizwan shahid
tahir waqar zeeshan asif arif aamir adnan danish farhan hamza junaid kashif usman
priya pooja neha anjali sneha divya kavya lakshmi sunita anita geeta gita sita radha meera
asha usha rekha shreya aishwarya deepika swati nisha ritu pallavi preeti shweta aarti
ananya anika diya riya saanvi aadhya myra kiara shivani jyoti kajal komal madhuri manisha
poonam rani sapna seema suman vandana archana bhavana chitra deepa durga gayatri indira
jaya kamala kavita lata mala meena padma pushpa radhika rashmi sangeeta sarita savita
shanti sheetal smita sudha sujata sunanda uma vidya aparna ishita kriti megha nandini
niharika prachi shalini shikha tanvi vaishnavi yamini ayesha sana saira nazia rukhsana
shabana farzana tasneem
# Chinese (pinyin), Taiwanese, Hong Kong, Singaporean
wei fang min jing lei jun yan hui ying xin hong jie ming hao tao qiang yong bo na jian ping
gang hua xia mei ling yun juan xiaoming xiaoling xiaohong xiaoyan xiaowei xiaoli xiaojun
xiaomei xiaohui jianguo jianhua jianjun jianping zhiwei zhiqiang zhihao haoran yuxuan zihan
yichen xinyi yutong jiahao junjie tingting lili jingjing fangfang yanyan weiwei qing rui
xue zhen feng kai peng bin chao dong hai kun liang ning qiu xiu yue jia jiayi jiawei
mingyu yuming yuting yuhang zixuan zhiyuan wenjie wenjun xiaodong xiaofeng xiaogang
haiyan hongmei guiying yulan xiuying xiuzhen guihua shuang tian yifan yiming jinhua meiling
meihua lijuan lihua limei liping lixin chunhua chunmei
# Japanese, Korean, Vietnamese, Thai, Filipino, Indonesian
hiroshi takashi kenji yuki haruto yuto sota hinata sakura yui aoi hina kaito riku daiki
kenta shota yusuke takumi naoki akira satoshi kazuki ayumi haruka misaki nanami yuka emi
keiko yoko tomoko junko hiroko kazuko michiko naoko noriko yoshiko akiko mariko sachiko
hideo hiroki hiroyuki kazuo koji makoto masahiro masaki masato minoru osamu ryota ryo
shigeru shinji taro tetsuya toshiro yoshiro yuichi
minjun seojun jiho jihoon minseo seoyeon jiwoo jiyeon minho jisoo jiwon eunji yuna hyejin
sungmin jiyoung minji seoyun soyeon hyunwoo junho donghyun sungho youngho jaehyun
anh minh thanh huong linh trang hoa lan nguyet tuan hung dung duc quang thao phuong
somchai somsak sompong siriporn nattaya
agus budi dewi sri wayan putu made ketut rizky siti nur
# African (Nigerian, Ghanaian, Kenyan, South African, Ethiopian)
kwame kofi kwabena kwaku kojo yaw ama abena akosua adwoa efua chinedu chioma ngozi emeka
obinna uche chukwuemeka nnamdi ifeanyi oluwaseun olumide tunde tunji adebayo ayodele
babatunde folake funmilayo bukola yetunde temitope oluwadamilare amara nia zuri thabo
sipho lerato themba thandiwe nomvula zanele mandla kagiso wanjiru wambui kamau otieno
ochieng achieng akinyi njeri mwangi abebe alemu almaz tigist dawit yonas
# Hebrew
avi avraham yosef yossi moshe david itai itay noam omer oren yair eitan amit ariel
shira noa tamar yael maya michal efrat orly talia rivka
"""

_SURNAMES = """
# English, Irish, Scottish, Welsh, American
smith johnson williams brown jones miller davis wilson anderson taylor moore jackson white
harris thompson clark lewis robinson walker young allen king wright scott hill green adams
nelson baker hall campbell mitchell carter roberts phillips evans turner parker edwards
collins stewart morris murphy cook rogers cooper peterson bailey reed kelly howard cox ward
richardson watson brooks wood bennett gray hughes price sanders myers long foster powell
jenkins perry russell sullivan bell coleman butler henderson barnes fisher simmons patterson
hamilton graham reynolds griffin wallace west cole hayes bryant gibson ellis stevens murray
marshall owens harrison mcdonald woods kennedy freeman webb tucker burns crawford olson
simpson porter gordon shaw snyder mason dixon hunt hicks holmes palmer black robertson boyd
stone fox mills rice daniels ferguson nichols stephens weaver gardner payne dunn kelley
hawkins arnold pierce hansen hart knight elliott cunningham armstrong hudson carroll lane
andrews berry perkins hoffman johnston matthews richards willis carpenter chapman watkins
greene wheeler harper burke larson morrison carlson lawson jacobs obrien o'brien lynch
bishop montgomery jensen williamson dean sims howell oneill o'neill oconnor o'connor
mccarthy byrne doyle walsh ryan fitzgerald quinn brennan gallagher kavanagh macdonald
macleod mackenzie campbell fraser mcleod mcgregor jones davies thomas lloyd griffiths
morgan hopkins pritchard rees owen jenkins vaughan howells
# Spanish, Latin American
garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ramirez torres flores
rivera gomez diaz cruz reyes morales gutierrez ortiz ramos chavez mendoza ruiz alvarez
castillo jimenez moreno romero herrera medina aguilar vargas castro fernandez guzman
mendez munoz salazar soto vazquez delgado pena contreras sandoval guerrero rios estrada
ortega nunez valdez maldonado santiago dominguez vega espinoza navarro molina campos
cabrera cortes cortez silva rojas suarez fuentes carrasco figueroa blanco marin iglesias
serrano garrido gil prieto calvo gallego vidal leon marquez pascual santos lorenzo herrero
montero ibanez caballero nieto cano mora duran pastor velasco sierra aguirre vicente
# French
martin bernard dubois petit durand leroy moreau simon laurent lefebvre michel david
bertrand roux vincent fournier morel girard andre lefevre mercier dupont lambert bonnet
francois legrand garnier faure rousseau blanc guerin muller roussel perrin morin mathieu
clement gauthier dumont fontaine chevalier robin masson gerard boyer denis lemaire duval
joly gautier roger roche roy noel meyer lucas meunier perez marchand dufour blanchard
barbier brun dumas brunet schmitt leroux colin renard arnaud rolland caron aubert giraud
leclerc vidal bourgeois renaud lemoine picard gaillard leclercq lacroix fabre dupuis
hubert riviere guillaume moulin lecomte menard fleury deschamps carpentier maillard
marchal vasseur renault jacquet collet prevost poirier charpentier royer huet baron dupuy
# German, Austrian, Swiss
mueller muller schmidt schneider fischer weber wagner becker schulz hoffmann schafer
schaefer koch bauer richter klein wolf schroder schroeder neumann schwarz zimmermann braun
kruger krueger hofmann hartmann lange schmitt werner krause meier lehmann schmid schulze
maier kohler koehler herrmann konig koenig huber kaiser fuchs peters lang scholz moller
moeller weiss jung hahn vogel friedrich keller gunther guenther berger winkler roth beck
lorenz baumann franke albrecht schuster ludwig bohm boehm winter kraus schumacher kramer
kraemer vogt stein jager jaeger sommer gross seidel brandt haas schreiber graf dietrich
ziegler kuhn pohl engel horn busch bergmann voigt sauer wolff pfeiffer
# Italian
rossi russo ferrari esposito bianchi romano colombo ricci marino greco gallo conti
mancini costa giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi
caruso ferrara galli martini leone longo gentile martinelli vitale lombardo serra coppola
marchetti parisi villa conte ferraro ferri fabbri bianco marini grasso valentini messina
sala gatti pellegrini palumbo sanna farina rizzi monti cattaneo morelli amato silvestri
mazza testa grassi pellegrino carbone giuliani benedetti barone rossetti caputo montanari
guerra palmieri bernardi martino fiore ferretti bellini basile riva donati piras vitali
battaglia sartori neri costantini milani pagano ruggiero sorrentino orlando negri
# Portuguese, Brazilian
santos ferreira pereira oliveira rodrigues martins sousa souza fernandes goncalves gomes
lopes marques alves almeida ribeiro pinto carvalho teixeira moreira correia mendes nunes
soares vieira monteiro cardoso rocha neves coelho cunha pires reis simoes antunes matos
fonseca machado araujo barbosa tavares lourenco figueiredo azevedo freitas nascimento
lima costa cavalcanti
# Dutch, Flemish
jansen janssen bakker visser smit meijer mulder bos vos dekker brouwer dijkstra smits kok
vermeulen schouten willems hoekstra prins blom huisman koster peeters maes claes wouters
goossens hermans jacobs mertens dubois
# Nordic
johansson andersson karlsson nilsson eriksson larsson olsson persson svensson gustafsson
pettersson jonsson jansson hansson bengtsson jakobsson magnusson olofsson lindberg
lindstrom lindqvist lindgren axelsson bergstrom lundberg lundgren lundqvist mattsson
berglund fredriksson sandberg henriksson forsberg sjoberg wallin engstrom eklund
danielsson hakansson gunnarsson holm samuelsson isaksson nyberg johansen olsen larsen
andersen pedersen nielsen nilsen kristiansen karlsen johnsen pettersen eriksen haugen
hagen jacobsen dahl jorgensen halvorsen henriksen sorensen jakobsen moen gundersen
iversen strand solberg svendsen rasmussen christensen poulsen madsen virtanen korhonen
nieminen makinen hamalainen laine heikkinen koskinen jarvinen lehtonen
# Slavic, Baltic, Hungarian, Romanian, Greek
ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov morozov
volkov alekseev lebedev semenov egorov pavlov kozlov stepanov nikolaev orlov andreev
makarov nikitin zakharov zaitsev solovyov borisov yakovlev grigoriev romanov vorobyov
sergeev kuzmin frolov aleksandrov dmitriev korolev gusev kiselev ilyin maksimov polyakov
sorokin vinogradov kovalev belov medvedev antonov tarasov zhukov baranov filippov komarov
ivanova smirnova kuznetsova popova petrova sokolova novikova volkova morozova pavlova
kovalenko shevchenko bondarenko tkachenko kravchenko melnyk boyko kovalchuk
nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski
wozniak dabrowski kozlowski jankowski mazur kwiatkowski krawczyk piotrowski grabowski
nowakowski pawlowski michalski nowicki adamczyk dudek zajac wieczorek jablonski krol
majewski olszewski jaworski wrobel malinowski pawlak witkowski walczak kowalska nowakowa
novak svoboda novotny dvorak cerny prochazka kucera vesely horak nemec pospisil pokorny
hajek jelinek kral ruzicka benes fiala sedlacek dolezal zeman kolar navratil
horvat kovac kovacevic babic maric juric knezevic vukovic markovic petrovic nikolic
jovanovic djordjevic stojanovic ilic pavlovic popovic milosevic
nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs juhasz
popescu ionescu popa pop constantin stan dumitru stoica gheorghe rusu munteanu matei
papadopoulos papadakis georgiou nikolaou ioannou vasileiou konstantinou dimitriou pappas
# Turkish, Persian, Arabic
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic
aslan cetin kara koc kurt ozkan simsek polat ozcan korkmaz cakir erdogan yavuz
hosseini mohammadi ahmadi rezaei moradi karimi rahimi jafari hashemi ghorbani sadeghi
khan ahmed hussain rahman siddiqui qureshi chaudhry chaudhary malik sheikh hassan ibrahim
abdullah mahmoud mustafa haddad khalil nasser saleh aziz farah mansour yousef hamdan
khoury saad salem abbas ismail
# Indian, Pakistani, Bangladeshi, Sri Lankan
patel kumar sharma singh gupta shah mehta joshi reddy rao iyer iyengar nair menon pillai
das bose banerjee chatterjee mukherjee ghosh sen dutta chopra kapoor malhotra agarwal
aggarwal verma yadav mishra pandey tiwari jain desai kulkarni deshpande naidu chauhan
thakur saxena srivastava bhatt bhat trivedi chaudhuri choudhury sinha prasad krishnan
subramaniam raman venkatesan natarajan mohan shetty hegde fernando perera silva
# Chinese, Korean, Japanese, Vietnamese
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng
liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
cheng wei su lu ding ren shen yao jin tan wong chan leung lam cheung ho ng chow tsang
kim lee park choi jung jeong kang cho yoon jang lim oh seo shin kwon hwang ahn yoo hong
jeon ko moon son bae baek heo nam sim noh kwak cha
tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi kato yoshida yamada
sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto
yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii
saito sakamoto endo aoki fujii nishimura fukuda miura fujiwara okamoto matsuda nakagawa
nguyen tran le pham hoang huynh phan vu vo dang bui do ngo duong ly
# African
okafor okonkwo adeyemi mensah boateng owusu asante osei diallo traore keita toure
coulibaly ndiaye diop fall sow mbaye okoro eze nwosu obi adebayo ogunleye oyelaran
mwangi kamau otieno ochieng njoroge kariuki dlamini nkosi ndlovu khumalo mokoena
"""

# Words that make a capitalised phrase a company, a product or a place, not a person.
_THINGS = """
inc incorporated corp corporation co company companies group holdings holding ltd limited llc
llp plc gmbh ag sa sas nv bv spa ab asa oy kg se bank bancorp banco financial finance capital
partners motor motors automotive technologies technology tech systems software solutions
services international industries enterprises energy petroleum oil gas pharmaceuticals pharma
health healthcare insurance foods food beverages brands airlines airways communications
telecom networks labs laboratories stores markets resources logistics chemical chemicals
steel metals mining entertainment media electric electronics semiconductor trust fund
investments properties realty global worldwide america americas university college school
academy hospital clinic street road avenue lane boulevard drive square park garden city county
state republic kingdom island islands station airport hotel hotels center centre club church
foundation association institute society council restaurant cafe bar shop store mall
"""


def plain_word(word: str) -> str:
    """Lower case without accents or surrounding dots, as the lists are written: 'José' ->
    'jose', 'O’Brien' -> "o'brien"."""
    folded = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).strip(".")


def _words(block: str) -> frozenset[str]:
    return frozenset(plain_word(word) for line in block.splitlines()
                     if not line.startswith("#") for word in line.split())


GIVEN_NAMES: frozenset[str] = _words(_GIVEN)
SURNAMES: frozenset[str] = _words(_SURNAMES)
THING_WORDS: frozenset[str] = _words(_THINGS)
