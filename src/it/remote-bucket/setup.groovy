// An S3 API server on 127.0.0.1 for the builds of this project; verify.groovy stops it.
def server = dev.labtech.storage.S3Server.start(new File(basedir, 'target/s3').toPath().tap { it.toFile().mkdirs() })
System.properties.put('labtech.it.s3server', server)
def config = new File(basedir, '.mvn/maven.config')
config.parentFile.mkdirs()
config.text = """-Dlabtech.remote.endpoint=${server.endpoint()}
-Dlabtech.remote.region=us-east-1
-Daws.accessKeyId=${dev.labtech.storage.S3Server.ACCESS_KEY}
-Daws.secretAccessKey=${dev.labtech.storage.S3Server.SECRET_KEY}
"""
true
